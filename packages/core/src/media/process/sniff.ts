import { fileTypeFromBuffer } from "file-type";
import type { AcceptedMediaType } from "../../schema/media";

/** Bytes {@link sniff} reads: enough for every signature file-type knows of our types. */
export const SNIFF_BYTES = 64 * 1024;

/**
 * The types a declared type's bytes may show. Browsers name a file by its extension, so
 * containers that share one format are one family: an iPhone `.mov` and an `.mp4` are both
 * ISO base media files (file-type tells them apart by brand), and HEIF holds HEIC.
 */
const families: Record<AcceptedMediaType, readonly string[]> = {
  "image/jpeg": ["image/jpeg"],
  "image/png": ["image/png"],
  "image/webp": ["image/webp"],
  "image/gif": ["image/gif"],
  "image/avif": ["image/avif"],
  "image/heic": ["image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence"],
  "image/heif": ["image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence"],
  "video/mp4": ["video/mp4", "video/quicktime", "video/x-m4v", "video/3gpp"],
  "video/quicktime": ["video/mp4", "video/quicktime", "video/x-m4v", "video/3gpp"],
  "video/webm": ["video/webm"],
};

/** The type the first bytes of a file show (file-type's magic numbers), if any. */
export async function sniff(firstBytes: Uint8Array): Promise<string | undefined> {
  return (await fileTypeFromBuffer(firstBytes))?.mime;
}

/** Whether bytes of type `detected` may be stored as `declared`. */
export function matchesDeclared(declared: string, detected: string | undefined): boolean {
  if (!detected) return false;
  return (
    (families as Record<string, readonly string[] | undefined>)[declared]?.includes(detected) ??
    false
  );
}
