/**
 * A video's duration, dimensions, rotation and creation time from its container (MP4, MOV,
 * WebM), read by MediaInfoLib (mediainfo.js, WebAssembly) through ranged reads: it asks for
 * the chunks it needs (an MP4's index may sit at the end) and never for the whole file.
 * @module
 */
import { createRequire } from "node:module";
import mediaInfoFactory, { type MediaInfo } from "mediainfo.js";
import { clock } from "../../time";
import { decoding, Rejected } from "./errors";

/** What the container says. */
export interface VideoInfo {
  durationSeconds?: number;
  /** As shown: after the rotation. */
  width?: number;
  height?: number;
  /** Degrees clockwise the player turns the frames (0, 90, 180, 270). */
  rotation: number;
  /** ISO 8601 UTC: when the container says it was recorded. */
  takenAt?: string;
}

/** Reads `length` bytes at `offset` (fewer at the end of the file). */
export type ReadChunk = (length: number, offset: number) => Promise<Uint8Array>;

let instance: Promise<MediaInfo<"object">> | undefined;

/** One MediaInfoLib instance per container: the WebAssembly module compiles once. */
function mediaInfo(): Promise<MediaInfo<"object">> {
  instance ??= mediaInfoFactory({
    format: "object",
    // Its `.wasm` from node_modules (Process installs mediainfo.js rather than bundling it).
    locateFile: () => createRequire(import.meta.url).resolve("mediainfo.js/MediaInfoModule.wasm"),
  }).catch((error: unknown) => {
    instance = undefined;
    throw error;
  });
  return instance;
}

/** Calls to one instance must not overlap (it keeps one file's state). */
let queue: Promise<unknown> = Promise.resolve();

const UNREADABLE = "The video could not be read: the file may be damaged.";

/** Parses a video of `size` bytes through `read`. A read's own failure passes through. */
export async function readVideo(size: number, read: ReadChunk): Promise<VideoInfo> {
  const mi = await mediaInfo();
  let readError: unknown;
  const run = queue.then(async () => {
    mi.reset();
    return mi.analyzeData(size, (length, offset) =>
      read(length, offset).catch((error: unknown) => {
        readError = error;
        throw error;
      }),
    );
  });
  queue = run.catch(() => undefined);
  let result: Awaited<typeof run>;
  try {
    result = await run;
  } catch (error) {
    if (readError) throw readError;
    throw new Rejected(UNREADABLE, { cause: error });
  }
  if (readError) throw readError;
  return decoding(UNREADABLE, () => fromTracks((result.media?.track ?? []) as unknown as Track[]));
}

type Track = Record<string, unknown> & { "@type": string };

const num = (value: unknown): number | undefined => {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
};

/** What the tracks say; a file with no general track is not a video MediaInfo understood. */
function fromTracks(tracks: readonly Track[]): VideoInfo {
  const general = tracks.find((track) => track["@type"] === "General");
  const video = tracks.find((track) => track["@type"] === "Video");
  if (!general?.Format) throw new Rejected(UNREADABLE);
  const rotation = normalRotation(num(video?.Rotation) ?? 0);
  const storedWidth = num(video?.Width);
  const storedHeight = num(video?.Height);
  const sideways = rotation === 90 || rotation === 270;
  const duration = num(general.Duration) ?? num(video?.Duration);
  const takenAt = creationTime(general, video);
  return {
    ...(duration !== undefined && duration >= 0 ? { durationSeconds: duration } : {}),
    ...(storedWidth && storedHeight
      ? {
          width: sideways ? storedHeight : storedWidth,
          height: sideways ? storedWidth : storedHeight,
        }
      : {}),
    rotation,
    ...(takenAt ? { takenAt } : {}),
  };
}

const normalRotation = (degrees: number) => {
  const quarter = Math.round((((degrees % 360) + 360) % 360) / 90) * 90;
  return quarter === 360 ? 0 : quarter;
};

/**
 * The recording time: the recorded date (a phone's `com.apple.quicktime.creationdate`,
 * local time with its offset) first, then the container's encoded or tagged date (UTC). Containers written
 * without a clock say 1904-01-01 (QuickTime's epoch) or 1970: ignored.
 */
function creationTime(general: Track, video: Track | undefined): string | undefined {
  const candidates = [
    general.Recorded_Date,
    general.Encoded_Date,
    general.Tagged_Date,
    video?.Encoded_Date,
  ];
  for (const candidate of candidates) {
    const ms = parseDate(candidate);
    if (ms !== undefined && ms > Date.UTC(1971, 0, 1) && ms <= clock.now() + 86_400_000) {
      return new Date(ms).toISOString();
    }
  }
  return undefined;
}

/**
 * MediaInfo writes `2020-03-04 05:06:07 UTC` (older versions `UTC 2020-…`), and Apple's
 * creation date as local time with its offset (`2023-05-01 10:00:00+02:00`).
 */
function parseDate(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const m =
    /^(?:UTC )?(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) ?(UTC|Z|[+-]\d{2}:?\d{2})?$/.exec(
      value.trim(),
    );
  if (!m) return undefined;
  const zone = !m[3] || m[3] === "UTC" ? "Z" : m[3].replace(/^([+-]\d{2})(\d{2})$/, "$1:$2");
  const ms = Date.parse(`${m[1]}T${m[2]}${zone}`);
  return Number.isNaN(ms) ? undefined : ms;
}
