/**
 * Multipart uploads, for files over 64 MiB: the client asks for part URLs in batches, lists
 * what S3 holds to resume after an interruption, and completes; the API checks that what S3
 * holds is exactly the declared file before joining it.
 * @module
 */
import type * as v from "valibot";
import { conflict, invalid } from "../error";
import { limits } from "../limits";
import type { CompleteUploadBody, MediaInfo, UploadedParts } from "../schema/media";
import { ObjectKey, Storage, type UploadedPart } from "../storage";
import { isS3Error } from "../storage/errors";
import { owned } from "./access";
import { goLive } from "./claim";
import { MediaError } from "./errors";
import { toInfo } from "./info";
import { removeItem } from "./remove";
import type { MediaItem } from "./store";
import { startProcessing } from "./transitions";

const etagOf = (etag: string) => etag.replaceAll('"', "");

/** The multipart upload of an item already checked to be the caller's. */
function uploadOf(item: MediaItem) {
  const { upload } = item;
  if (upload.kind !== "multipart" || !upload.uploadId || !upload.partSize || !upload.partCount) {
    throw invalid("This upload is a single PUT: it has no parts.");
  }
  return {
    item,
    key: ObjectKey.original(item.ownerId, item.mediaId),
    uploadId: upload.uploadId,
    partSize: upload.partSize,
    partCount: upload.partCount,
  };
}

/** A multipart upload still in flight. */
function multipartOf(item: MediaItem) {
  const upload = uploadOf(item);
  if (item.status !== "uploading") throw conflict("This upload is finished.");
  return upload;
}

/** Presigned URLs for some parts (≤ 100 per call), each valid 15 minutes. */
export async function signParts(mediaId: string, partNumbers: readonly number[]) {
  const { key, uploadId, partCount } = multipartOf(await owned(mediaId));
  const out = partNumbers.filter((n) => n > partCount);
  if (out.length) {
    throw invalid(`This upload has parts 1 to ${partCount}.`, [
      { path: "partNumbers", message: `No part ${out.join(", ")}.` },
    ]);
  }
  if (new Set(partNumbers).size !== partNumbers.length) {
    throw invalid("Ask for each part once.", [{ path: "partNumbers", message: "Repeated parts." }]);
  }
  const parts = await Storage.multipart.signParts({
    key,
    uploadId,
    partNumbers,
    expiresInSeconds: limits.media.uploadUrlSeconds,
  });
  return { parts };
}

/** The parts S3 holds, so a client resumes an interrupted upload where it stopped. */
export async function listParts(mediaId: string): Promise<UploadedParts> {
  const { key, uploadId } = multipartOf(await owned(mediaId));
  const parts = await Storage.multipart.listParts({ key, uploadId });
  if (!parts) throw conflict("This upload no longer exists: start it again.");
  return { parts };
}

/** Why the parts S3 holds are not the whole file, or `undefined` when they are. */
function partsProblem(
  held: readonly UploadedPart[],
  upload: { partSize: number; partCount: number },
  size: number,
): string | undefined {
  if (held.length !== upload.partCount) {
    return `S3 holds ${held.length} of the ${upload.partCount} parts.`;
  }
  for (const [index, part] of held.entries()) {
    const last = index === upload.partCount - 1;
    const expected = last ? size - upload.partSize * (upload.partCount - 1) : upload.partSize;
    if (part.partNumber !== index + 1) return `Part ${index + 1} is missing.`;
    if (part.size !== expected) {
      return `Part ${part.partNumber} has ${part.size} bytes; it must have ${expected}.`;
    }
  }
  return undefined;
}

/**
 * Completes a multipart upload (`complete.ts` has read the item and checked the checksum),
 * once the parts S3 holds are exactly the declared file (every part present, each of the
 * agreed size: nobody stores more than they reserved) and match the `parts` the client sent,
 * if any. The checksum (sent at start, or now: the client hashed while it sent the parts) is
 * claimed before S3 joins them, in the same write that moves the item to `processing`
 * (`claim.ts`); when the owner already has those bytes, the upload and its item are removed
 * and the answer is 409 `duplicate`. An upload claimed but not yet joined is joined.
 */
export async function completeMultipart(
  first: MediaItem,
  body: v.InferOutput<typeof CompleteUploadBody>,
): Promise<MediaInfo> {
  let item = first;
  const { key, uploadId, partSize, partCount } = uploadOf(item);
  const held = await Storage.multipart.listParts({ key, uploadId });
  if (!held) {
    // Completed by an earlier call whose answer was lost, or gone.
    if (item.status === "processing") return toInfo(item);
    if (!(await Storage.head(key))) throw conflict("This upload no longer exists: start it again.");
  } else {
    const problem = partsProblem(held, { partSize, partCount }, item.size);
    if (problem) throw invalid(problem, [{ path: "parts", message: problem }]);
    const sent = body.parts;
    if (sent) {
      const heldEtags = new Map(held.map((p) => [p.partNumber, etagOf(p.etag)]));
      const wrong = sent.filter((p) => heldEtags.get(p.partNumber) !== etagOf(p.etag));
      if (wrong.length || sent.length !== held.length) {
        const message = "The parts sent are not the parts S3 holds.";
        throw invalid(message, [{ path: "parts", message }]);
      }
    }
  }
  // With a checksum (sent at start or now), the item goes live by claiming it, before S3
  // joins the parts: a duplicate of bytes already live costs no join.
  const checksum = item.checksum ?? body.checksum;
  if (checksum && item.status === "uploading") {
    const claimed = await goLive(item, checksum);
    if (claimed.result === "duplicate") {
      // The bytes are in the library already: nothing of this upload stays, its parts neither.
      await removeItem(item, (current) => current.status === "uploading");
      throw MediaError.duplicate(claimed.of);
    }
    if (!claimed.item) throw MediaError.notFound();
    item = claimed.item;
  }
  if (held) {
    try {
      await Storage.multipart.complete({ key, uploadId, parts: held });
    } catch (error) {
      if (isS3Error(error, "InvalidPart", "InvalidPartOrder", "EntityTooSmall")) {
        throw invalid("S3 refused these parts: list them and upload the missing ones.");
      }
      // A retry of a completion that went through (its answer lost): the object is there.
      const joined = isS3Error(error, "NoSuchUpload") ? await Storage.head(key) : undefined;
      if (joined?.size !== item.size) throw error;
    }
  }
  if (item.status === "processing") return toInfo(item);
  const moved = await startProcessing({ ownerId: item.ownerId, mediaId: item.mediaId });
  if (moved.duplicateOf) throw MediaError.duplicate(moved.duplicateOf);
  if (!moved.item) throw MediaError.notFound();
  return toInfo(moved.item);
}
