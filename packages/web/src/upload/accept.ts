import { type AcceptedMediaType, acceptedMediaTypes } from "@sharespace/core/schema";

/**
 * What the uploader takes: core's allow-list (the API answers 415 to anything else), plus
 * the extensions of those types, since browsers leave `File.type` empty for some of them
 * (HEIC outside Apple systems, often `.mov`).
 */
const byExtension: Record<string, AcceptedMediaType> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  jpe: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  gif: "image/gif",
  avif: "image/avif",
  heic: "image/heic",
  heif: "image/heif",
  hif: "image/heif",
  mp4: "video/mp4",
  m4v: "video/mp4",
  webm: "video/webm",
  mov: "video/quicktime",
  qt: "video/quicktime",
};

const accepted = new Set<string>(acceptedMediaTypes);

/** The file inputs' `accept`: the allow-list's types and their extensions. */
export const acceptAttribute = [
  ...acceptedMediaTypes,
  ...Object.keys(byExtension).map((extension) => `.${extension}`),
].join(",");

const extensionOf = (name: string) => {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
};

/** Names some browsers and systems give the same types. */
const aliases: Record<string, AcceptedMediaType> = {
  "image/jpg": "image/jpeg",
  "image/pjpeg": "image/jpeg",
  "image/x-heic": "image/heic",
  "image/x-heif": "image/heif",
  "video/mov": "video/quicktime",
  "video/x-m4v": "video/mp4",
};

/** The type to declare to the API, or `undefined` when the file is not one ShareSpace takes. */
export function contentTypeOf(file: { name: string; type: string }): AcceptedMediaType | undefined {
  const declared = file.type.toLowerCase();
  if (accepted.has(declared)) return declared as AcceptedMediaType;
  if (declared in aliases) return aliases[declared];
  // Only a type the browser could not name defers to the extension: an SVG or an HTML page
  // renamed to .jpg keeps its real type, and is refused.
  if (declared === "" || declared === "application/octet-stream") {
    return byExtension[extensionOf(file.name)];
  }
  return undefined;
}

/** Whether a file goes to the API, and as what type. */
export type Verdict = { ok: true; contentType: AcceptedMediaType } | { ok: false; reason: string };

export const refusedTypeMessage =
  "ShareSpace takes photos (JPEG, PNG, WebP, GIF, AVIF, HEIC) and videos (MP4, WebM, MOV).";

/**
 * Judges a file before any request: its type must be on the allow-list and it must have
 * bytes. Size and quota are the API's to judge (a deployment may change them), so they are
 * not guessed here.
 */
export function judge(file: { name: string; type: string; size: number }): Verdict {
  const contentType = contentTypeOf(file);
  if (!contentType) return { ok: false, reason: refusedTypeMessage };
  if (file.size === 0) return { ok: false, reason: "This file is empty." };
  return { ok: true, contentType };
}
