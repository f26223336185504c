/**
 * The media bucket, for the rest of core: object keys, presigned uploads (single PUT and
 * multipart) and downloads, and the objects Process reads and writes. Media bytes never
 * pass through a Lambda: clients PUT and GET them with the URLs made here.
 *
 * ```ts
 * import { ObjectKey, Storage } from "@sharespace/core/storage";
 *
 * const key = ObjectKey.original(ownerId, mediaId);
 * const upload = await Storage.presignPut({ key, contentType, contentLength, checksumSha256, expiresInSeconds: 900 });
 * const { uploadId } = await Storage.multipart.create({ key, contentType });
 * const urls = await Storage.multipart.signParts({ key, uploadId, partNumbers: [1, 2], expiresInSeconds: 900 });
 * const download = await Storage.presignGet({ key, expiresInSeconds: 3600, downloadAs: "Été.jpg" });
 * await Storage.derived.write(ownerId, mediaId, "thumbnail", bytes, "image/webp");
 * ```
 * @module
 */
import { type DerivedKind, ObjectKey } from "./keys";
import { head, keysUnder, presignGet, read, readInto, remove, removeUnder, write } from "./objects";
import { Multipart, presignPut } from "./upload";

export { attachment } from "./disposition";
export { type DerivedKind, derivedFiles, ObjectKey, type ParsedKey } from "./keys";
export { type GetTerms, MAX_GET_SECONDS, type ObjectInfo, type PresignedGet } from "./objects";
export {
  MAX_PARTS,
  MAX_PARTS_PER_BATCH,
  MIN_PART_BYTES,
  type PresignedPut,
  type PutTerms,
  type UploadedPart,
} from "./upload";

/** The media bucket's operations; keys come from {@link ObjectKey}. */
export const Storage = {
  presignPut,
  multipart: Multipart,
  presignGet,
  head,
  read,
  readInto,
  write,
  remove,
  keysUnder,
  removeUnder,

  /** The derivatives of one media item, by kind. */
  derived: {
    write: (ownerId: string, mediaId: string, kind: DerivedKind, body: Uint8Array, type: string) =>
      write(ObjectKey.derived(ownerId, mediaId, kind), body, type),
    read: (ownerId: string, mediaId: string, kind: DerivedKind) =>
      read(ObjectKey.derived(ownerId, mediaId, kind)),
    head: (ownerId: string, mediaId: string, kind: DerivedKind) =>
      head(ObjectKey.derived(ownerId, mediaId, kind)),
    remove: (ownerId: string, mediaId: string, kind: DerivedKind) =>
      remove([ObjectKey.derived(ownerId, mediaId, kind)]),
  },

  /** Every object of one media item: the original, a poster upload and all derivatives. */
  async removeMedia(ownerId: string, mediaId: string): Promise<void> {
    await remove([ObjectKey.original(ownerId, mediaId), ObjectKey.posterUpload(ownerId, mediaId)]);
    await removeUnder(ObjectKey.derivedPrefix(ownerId, mediaId));
  },

  /** Every object of one owner (account deletion); idempotent, so a retry finishes the job. */
  async removeOwner(ownerId: string): Promise<void> {
    for (const prefix of ObjectKey.ownerPrefixes(ownerId)) await removeUnder(prefix);
  },
};
