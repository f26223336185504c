/**
 * An image's EXIF and XMP, read with exifr from the blocks sharp finds in every format we
 * take (JPEG, PNG, WebP, AVIF, and HEIC/HEIF, whose container sharp reads even where its
 * libvips cannot decode the pixels).
 * @module
 */
import * as exifrModule from "exifr";
import { captureTime, type ExifTags, hasLocation, type XmpTags } from "./capture-time";

/*
 * Node loads exifr's UMD build (its `main`), whose named exports it cannot see: they are on
 * `default` there. Bundlers and Vite load its ES build, whose named exports are real.
 */
const { sidecar } =
  typeof exifrModule.sidecar === "function"
    ? exifrModule
    : (exifrModule as unknown as { default: typeof exifrModule }).default;

/** What processing keeps from an image's metadata. */
export interface PhotoMetadata {
  /** ISO 8601 UTC, when the metadata holds a plausible capture time. */
  takenAt?: string;
  /** The image carries location metadata (GPS). */
  gps: boolean;
}

/** Values as written (dates stay strings: their offset is ours to apply). */
const options = {
  reviveValues: false,
  translateValues: false,
  mergeOutput: false,
  ifd1: false,
  interop: false,
  makerNote: false,
  userComment: false,
} as const;

/** JPEG and PNG hand the EXIF block over with its `Exif\0\0` header; HEIF without. */
const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0, 0];

const tiffOf = (exif: Uint8Array) =>
  EXIF_HEADER.every((byte, i) => exif[i] === byte) ? exif.subarray(EXIF_HEADER.length) : exif;

/** Metadata blocks that do not parse are ignored: the pixels may still be fine. */
async function parse<T>(bytes: Uint8Array | undefined, kind: "tiff" | "xmp"): Promise<T> {
  if (!bytes?.byteLength) return {} as T;
  try {
    const input = kind === "tiff" ? tiffOf(bytes) : bytes;
    return ((await sidecar(Buffer.from(input), options, kind)) ?? {}) as T;
  } catch {
    return {} as T;
  }
}

/** The capture time and location presence of EXIF and XMP blocks (sharp's `metadata()`). */
export async function photoMetadata(blocks: {
  exif?: Uint8Array;
  xmp?: Uint8Array;
}): Promise<PhotoMetadata> {
  const [exif, xmp] = await Promise.all([
    parse<ExifTags>(blocks.exif, "tiff"),
    parse<XmpTags>(blocks.xmp, "xmp"),
  ]);
  const takenAt = captureTime(exif, xmp);
  return { ...(takenAt ? { takenAt } : {}), gps: hasLocation(exif, xmp) };
}
