/**
 * When a photo was taken, from its EXIF and XMP metadata (as exifr reads them, values left
 * as written): `DateTimeOriginal` with `OffsetTimeOriginal`, then `CreateDate` with
 * `OffsetTimeDigitized`, then XMP's `exif:DateTimeOriginal`, `xmp:CreateDate` and
 * `photoshop:DateCreated`. EXIF times are wall-clock times; without an offset, the GPS time
 * stamp (UTC) gives it when there is one, and UTC is assumed when there is not.
 * @module
 */
import { clock } from "../../time";

/** EXIF tags, merged from IFD0, the Exif IFD and the GPS IFD (exifr's `sidecar(…, "tiff")`). */
export type ExifTags = Record<string, unknown>;
/** XMP properties by namespace prefix (exifr's `sidecar(…, "xmp")` without merging). */
export type XmpTags = Record<string, Record<string, unknown> | undefined>;

/** A wall-clock time with its parts, before an offset is known. */
interface WallTime {
  /** Milliseconds since the epoch if the wall clock were UTC. */
  asUtc: number;
  /** Minutes east of UTC, when the value says. */
  offsetMinutes?: number;
}

const EXIF_TIME = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/;
const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;
/** No place on Earth is further than 14 hours from UTC. */
const MAX_OFFSET_MINUTES = 14 * 60;

const parseOffset = (value: unknown): number | undefined => {
  if (typeof value !== "string") return undefined;
  if (value.trim() === "Z") return 0;
  const m = OFFSET.exec(value.trim());
  if (!m) return undefined;
  const minutes = (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  return Math.abs(minutes) <= MAX_OFFSET_MINUTES ? minutes : undefined;
};

/** `Date.UTC` of the parts, or undefined when they are not a real calendar time. */
function utc(parts: number[]): number | undefined {
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0] = parts;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  const real =
    back.getUTCFullYear() === y &&
    back.getUTCMonth() === mo - 1 &&
    back.getUTCDate() === d &&
    back.getUTCHours() === h &&
    back.getUTCMinutes() === mi &&
    back.getUTCSeconds() === s;
  return real ? ms : undefined;
}

/** An EXIF `YYYY:MM:DD HH:MM:SS` with its sub-seconds and offset tags. */
function exifTime(value: unknown, subSec: unknown, offset: unknown): WallTime | undefined {
  if (typeof value !== "string") return undefined;
  const m = EXIF_TIME.exec(value.trim());
  if (!m) return undefined;
  const ms = utc(m.slice(1, 7).map(Number));
  if (ms === undefined) return undefined;
  const fraction = typeof subSec === "string" || typeof subSec === "number" ? String(subSec) : "";
  const millis = /^\d+$/.test(fraction) ? Math.round(Number(`0.${fraction}`) * 1000) : 0;
  return { asUtc: ms + Math.min(millis, 999), offsetMinutes: parseOffset(offset) };
}

/** An XMP (ISO 8601) time, which carries its own offset when it has one. */
function xmpTime(value: unknown): WallTime | undefined {
  if (typeof value !== "string") return undefined;
  const m = ISO_TIME.exec(value.trim());
  if (!m) return undefined;
  const ms = utc(m.slice(1, 7).map((part) => Number(part ?? 0)));
  if (ms === undefined) return undefined;
  const millis = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  return { asUtc: ms + Math.min(millis, 999), offsetMinutes: parseOffset(m[8]) };
}

/** The GPS time stamp (always UTC): `GPSDateStamp` `YYYY:MM:DD` and `GPSTimeStamp` [h, m, s]. */
function gpsTime(exif: ExifTags): number | undefined {
  const date = exif.GPSDateStamp;
  const time = exif.GPSTimeStamp;
  if (typeof date !== "string" || !Array.isArray(time) || time.length !== 3) return undefined;
  const d = /^(\d{4}):(\d{2}):(\d{2})$/.exec(date.trim());
  if (!d) return undefined;
  const [h, mi, s] = time.map(Number);
  if (![h, mi, s].every(Number.isFinite)) return undefined;
  return utc([Number(d[1]), Number(d[2]), Number(d[3]), h ?? 0, mi ?? 0, Math.floor(s ?? 0)]);
}

/** The instant of a wall time: its own offset, else one the GPS stamp implies, else UTC. */
function instant(wall: WallTime, gps: number | undefined): number {
  if (wall.offsetMinutes !== undefined) return wall.asUtc - wall.offsetMinutes * 60_000;
  if (gps !== undefined) {
    // The camera's wall clock minus UTC, to the nearest quarter hour (every real offset is one).
    const offset = Math.round((wall.asUtc - gps) / 900_000) * 15;
    if (Math.abs(offset) <= MAX_OFFSET_MINUTES) return wall.asUtc - offset * 60_000;
  }
  return wall.asUtc;
}

/** Times before photography's first years or in the future are a camera's unset clock. */
const plausible = (ms: number) =>
  ms >= Date.UTC(1826, 0, 1) && ms <= clock.now() + 24 * 60 * 60 * 1000;

/**
 * The capture time, ISO 8601 in UTC, or undefined when the metadata holds none that is
 * plausible.
 */
export function captureTime(exif: ExifTags = {}, xmp: XmpTags = {}): string | undefined {
  const gps = gpsTime(exif);
  const candidates = [
    exifTime(exif.DateTimeOriginal, exif.SubSecTimeOriginal, exif.OffsetTimeOriginal),
    exifTime(exif.CreateDate, exif.SubSecTimeDigitized, exif.OffsetTimeDigitized),
    xmpTime(xmp.exif?.DateTimeOriginal),
    xmpTime(xmp.xmp?.CreateDate),
    xmpTime(xmp.photoshop?.DateCreated),
  ];
  for (const wall of candidates) {
    if (!wall) continue;
    const ms = instant(wall, gps);
    if (plausible(ms)) return new Date(ms).toISOString();
  }
  return undefined;
}

/** Whether the metadata says where the photo was taken (EXIF GPS or XMP `exif:GPS…`). */
export function hasLocation(exif: ExifTags = {}, xmp: XmpTags = {}): boolean {
  const present = (value: unknown) =>
    value !== undefined &&
    value !== null &&
    value !== "" &&
    !(Array.isArray(value) && !value.length);
  return (
    (present(exif.GPSLatitude) && present(exif.GPSLongitude)) ||
    (present(xmp.exif?.GPSLatitude) && present(xmp.exif?.GPSLongitude))
  );
}
