/**
 * Formats of what processing writes, for whoever serves it (without loading an image
 * library): the thumbnail, preview and poster are WebP; the `clean` copy of a photo with
 * location metadata keeps the original's format where sharp writes it, and is JPEG for
 * HEIC/HEIF (sharp's libvips has no HEVC encoder).
 * @module
 */
import type { DerivedKind } from "../../storage";

/** The format sharp writes a clean copy in, for each image type we take. */
export const cleanFormats = {
  "image/jpeg": "jpeg",
  "image/png": "png",
  "image/webp": "webp",
  "image/gif": "gif",
  "image/avif": "avif",
  "image/heic": "jpeg",
  "image/heif": "jpeg",
} as const;

/** The content type of a derivative of an original of type `originalType`. */
export function derivativeContentType(kind: DerivedKind, originalType: string): string {
  if (kind !== "clean") return "image/webp";
  const format = (cleanFormats as Record<string, string | undefined>)[originalType] ?? "jpeg";
  return `image/${format}`;
}
