import { bucket } from "../bucket";

/**
 * What Process and the API derive from an original: each is stored under
 * `derived/{ownerId}/{mediaId}/{file}`.
 *
 * - `thumbnail`, `preview`: WebP, longest side ≤ 320 and ≤ 1600 px, without metadata;
 * - `poster`: the checked video frame the thumbnail and preview of a video are made from;
 * - `clean`: a full-resolution copy of an image without location metadata, what link
 *   visitors get instead of the original.
 */
export const derivedFiles = {
  thumbnail: "thumbnail.webp",
  preview: "preview.webp",
  poster: "poster.webp",
  clean: "clean",
} as const;

/** One kind of derivative. */
export type DerivedKind = keyof typeof derivedFiles;

const { originals, derived } = bucket.prefixes;
const ID = /^[A-Za-z0-9_-]+$/;

function checkId(name: string, value: string) {
  // Keys are built from ids the app made, never from user input; refuse anything else so a
  // bug cannot write outside an owner's space (`..`, `/`).
  if (!ID.test(value)) throw new Error(`Not a usable ${name} for an object key: ${value}`);
  return value;
}

/**
 * Every object key of the media bucket, built in one place. Uploads (the original, and a
 * video's poster frame as the browser sends it) go under `originals/`, which notifies
 * Process; what Process writes goes under `derived/`, which does not, so its own writes
 * never trigger it again.
 */
export const ObjectKey = {
  /** The uploaded file: `originals/{ownerId}/{mediaId}`. */
  original: (ownerId: string, mediaId: string) =>
    `${originals}${checkId("owner id", ownerId)}/${checkId("media id", mediaId)}`,

  /**
   * A video's poster frame as uploaded, before Process checks it:
   * `originals/{ownerId}/{mediaId}.poster`. Under `originals/` so its arrival reaches Process.
   */
  posterUpload: (ownerId: string, mediaId: string) =>
    `${ObjectKey.original(ownerId, mediaId)}.poster`,

  /** One derivative: `derived/{ownerId}/{mediaId}/thumbnail.webp` and so on. */
  derived: (ownerId: string, mediaId: string, kind: DerivedKind) =>
    `${ObjectKey.derivedPrefix(ownerId, mediaId)}${derivedFiles[kind]}`,

  /** Every derivative of one media item starts with this. */
  derivedPrefix: (ownerId: string, mediaId: string) =>
    `${derived}${checkId("owner id", ownerId)}/${checkId("media id", mediaId)}/`,

  /** Every object of one owner starts with one of these (account deletion). */
  ownerPrefixes: (ownerId: string) => [
    `${originals}${checkId("owner id", ownerId)}/`,
    `${derived}${checkId("owner id", ownerId)}/`,
  ],

  /**
   * What a key names, for an S3 event (whose keys arrive URL-encoded: decode them first).
   * `undefined` for a key the app did not make.
   */
  parse(key: string): ParsedKey | undefined {
    const [prefix, ownerId, rest, file, ...extra] = key.split("/");
    if (!ownerId || !rest || extra.length) return undefined;
    if (`${prefix}/` === originals && file === undefined) {
      const poster = rest.endsWith(".poster");
      const mediaId = poster ? rest.slice(0, -".poster".length) : rest;
      if (!ID.test(ownerId) || !ID.test(mediaId)) return undefined;
      return { kind: poster ? "poster-upload" : "original", ownerId, mediaId };
    }
    if (`${prefix}/` === derived && file !== undefined) {
      const entry = Object.entries(derivedFiles).find(([, name]) => name === file);
      if (!entry || !ID.test(ownerId) || !ID.test(rest)) return undefined;
      return { kind: "derived", ownerId, mediaId: rest, derived: entry[0] as DerivedKind };
    }
    return undefined;
  },
};

/** A key of the media bucket, read back. */
export type ParsedKey =
  | { kind: "original" | "poster-upload"; ownerId: string; mediaId: string }
  | { kind: "derived"; ownerId: string; mediaId: string; derived: DerivedKind };
