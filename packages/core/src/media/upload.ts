/**
 * Uploads: the bytes go from the client straight to S3, with a presigned PUT up to 64 MiB
 * and an S3 multipart upload above; the API reserves quota, signs, lists and completes.
 * @module
 */
import type * as v from "valibot";
import { Actor } from "../actor";
import { conflict, invalid } from "../error";
import { createId } from "../id";
import { limits } from "../limits";
import {
  type CompleteUploadBody,
  type CreateMediaBody,
  isAcceptedMediaType,
  type MediaCreated,
  type MediaInfo,
  type PosterBody,
  type PutUpload,
  type UploadedParts,
} from "../schema/media";
import { ObjectKey, Storage, type UploadedPart } from "../storage";
import { isS3Error } from "../storage/errors";
import { clock } from "../time";
import { owned } from "./access";
import { MediaError } from "./errors";
import { sanitizeFilename } from "./filename";
import { toInfo } from "./info";
import { removeItem } from "./remove";
import { mediaSettings } from "./settings";
import { type MediaItem, readClaim, readItem, refusedAt, sweepShardOf, transact } from "./store";
import { startProcessing } from "./transitions";

const iso = (ms: number) => new Date(ms).toISOString();
const uploadUrl = () => limits.media.uploadUrlSeconds;
const etagOf = (etag: string) => etag.replaceAll('"', "");

/** The part size of a multipart upload: at least 16 MiB, and never more than 10,000 parts. */
export function partSizeFor(size: number): number {
  return Math.max(limits.media.minPartBytes, Storage.multipart.partSize(size));
}

/**
 * Starts an upload for the signed-in user: checks the type (415), the size (413
 * `file_too_large`) and, in the transaction that creates the item, reserves its bytes
 * against the quota (413 `quota_exceeded`: uploads in flight count, so parallel uploads
 * cannot overshoot) and claims its checksum (409 `duplicate` when the caller already has
 * these bytes ready or processing).
 */
export async function create(input: v.InferOutput<typeof CreateMediaBody>): Promise<MediaCreated> {
  const ownerId = Actor.userId();
  if (!isAcceptedMediaType(input.contentType)) throw MediaError.unsupportedType(input.contentType);
  const { maxFileBytes, quotaBytes } = mediaSettings();
  if (input.size > maxFileBytes) throw MediaError.fileTooLarge(maxFileBytes);
  if (input.size > quotaBytes) throw MediaError.quotaExceeded(quotaBytes);

  const mediaId = createId("med");
  const key = ObjectKey.original(ownerId, mediaId);
  const now = clock.now();
  const deadline = now + limits.media.uploadDeadlineSeconds * 1000;
  const multipart = input.size > limits.media.singlePutMaxBytes;
  const partSize = multipart ? partSizeFor(input.size) : undefined;
  const upload = partSize
    ? {
        kind: "multipart" as const,
        uploadId: (await Storage.multipart.create({ key, contentType: input.contentType }))
          .uploadId,
        partSize,
        partCount: Math.ceil(input.size / partSize),
      }
    : { kind: "put" as const };

  const item: MediaItem = {
    mediaId,
    ownerId,
    filename: sanitizeFilename(input.filename),
    title: "",
    description: "",
    contentType: input.contentType,
    size: input.size,
    takenAt: input.lastModified ?? iso(now),
    takenAtSource: input.lastModified ? "lastModified" : "upload",
    ...(input.lastModified ? { lastModified: input.lastModified } : {}),
    ...(input.checksum ? { checksum: input.checksum } : {}),
    status: "uploading",
    visibility: "u",
    upload,
    deadlineAt: iso(deadline),
    sweepShard: sweepShardOf(mediaId),
    createdAt: iso(now),
    updatedAt: iso(now),
  };
  try {
    await reserve(item, quotaBytes);
  } catch (error) {
    if (upload.kind === "multipart")
      await Storage.multipart.abort({ key, uploadId: upload.uploadId });
    throw error;
  }

  const ticket =
    upload.kind === "multipart"
      ? {
          multipart: {
            uploadId: upload.uploadId,
            partSize: upload.partSize,
            partCount: upload.partCount,
            expiresAt: iso(deadline),
          },
        }
      : await Storage.presignPut({
          key,
          contentType: item.contentType,
          contentLength: item.size,
          checksumSha256: item.checksum,
          expiresInSeconds: uploadUrl(),
        });
  return { media: await toInfo(item), upload: ticket };
}

const MAX_CLAIM_ATTEMPTS = 5;

/**
 * Creates the item, adds its bytes to the owner's reservation unless that would pass the
 * quota, and claims its checksum, all in one transaction. A claim held by an item that is
 * ready or processing is a duplicate; one held by an upload never finished (or by nothing)
 * is taken over, conditionally, so two takers cannot both win.
 */
async function reserve(item: MediaItem, quotaBytes: number): Promise<void> {
  let holder: string | undefined;
  for (let i = 0; i < MAX_CLAIM_ATTEMPTS; i++) {
    const outcome = await transact(({ media, usage, checksum }) => [
      media.create(item).commit(),
      usage
        .update({ userId: item.ownerId })
        .add({ reservedBytes: item.size })
        .where(
          ({ reservedBytes }, { notExists, lte }) =>
            `${notExists(reservedBytes)} OR ${lte(reservedBytes, quotaBytes - item.size)}`,
        )
        .commit(),
      ...(item.checksum === undefined
        ? []
        : holder === undefined
          ? [
              checksum
                .create({ ownerId: item.ownerId, checksum: item.checksum, mediaId: item.mediaId })
                .commit(),
            ]
          : [
              checksum
                .patch({ ownerId: item.ownerId, checksum: item.checksum })
                .set({ mediaId: item.mediaId })
                .where(({ mediaId }, { eq }) => eq(mediaId, holder as string))
                .commit(),
            ]),
    ]);
    if (outcome.committed) return;
    const refused = refusedAt(outcome.codes);
    if (refused === 1) throw MediaError.quotaExceeded(quotaBytes);
    if (refused !== 2 || !item.checksum)
      throw new Error(`Reserving an upload failed: ${outcome.codes}`);
    // The checksum is claimed: by a live item (a duplicate), or by one that may be taken over.
    const claim = await readClaim(item.ownerId, item.checksum);
    const other = claim && (await readItem(claim.mediaId));
    if (other && (other.status === "processing" || other.status === "ready")) {
      throw MediaError.duplicate(other.mediaId);
    }
    holder = claim?.mediaId;
  }
  throw conflict("This file is being uploaded by another request right now. Try again.");
}

/** An upload of the caller's that is still in flight, as multipart. */
async function multipartUpload(mediaId: string) {
  const item = await owned(mediaId);
  const { upload } = item;
  if (upload.kind !== "multipart" || !upload.uploadId || !upload.partSize || !upload.partCount) {
    throw invalid("This upload is a single PUT: it has no parts.");
  }
  if (item.status !== "uploading") throw conflict("This upload is finished.");
  return {
    item,
    key: ObjectKey.original(item.ownerId, item.mediaId),
    uploadId: upload.uploadId,
    partSize: upload.partSize,
    partCount: upload.partCount,
  };
}

/** Presigned URLs for some parts (≤ 100 per call), each valid 15 minutes. */
export async function signParts(mediaId: string, partNumbers: readonly number[]) {
  const { key, uploadId, partCount } = await multipartUpload(mediaId);
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
    expiresInSeconds: uploadUrl(),
  });
  return { parts };
}

/** The parts S3 holds, so a client resumes an interrupted upload where it stopped. */
export async function listParts(mediaId: string): Promise<UploadedParts> {
  const { key, uploadId } = await multipartUpload(mediaId);
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
 * Completes a multipart upload, once the parts S3 holds are exactly the declared file (every
 * part present, each of the agreed size: nobody stores more than they reserved) and match
 * the `parts` the client sent, if any. The item moves to `processing`. Completing an upload
 * that already completed answers the item again.
 */
export async function complete(
  mediaId: string,
  body: v.InferOutput<typeof CompleteUploadBody>,
): Promise<MediaInfo> {
  const first = await owned(mediaId);
  if (first.status === "processing" || first.status === "ready") return toInfo(first);
  const { item, key, uploadId, partSize, partCount } = await multipartUpload(mediaId);
  const held = await Storage.multipart.listParts({ key, uploadId });
  if (!held) {
    // Completed by an earlier call whose answer was lost, or gone.
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
    try {
      await Storage.multipart.complete({ key, uploadId, parts: held });
    } catch (error) {
      if (isS3Error(error, "InvalidPart", "InvalidPartOrder", "EntityTooSmall")) {
        throw invalid("S3 refused these parts: list them and upload the missing ones.");
      }
      throw error;
    }
  }
  const moved = await startProcessing({ ownerId: item.ownerId, mediaId: item.mediaId });
  if (!moved.item) throw MediaError.notFound();
  return toInfo(moved.item);
}

/** Aborts an upload still in flight: its parts, its item and its reserved bytes are gone. */
export async function abort(mediaId: string): Promise<void> {
  const item = await owned(mediaId);
  if (item.status !== "uploading") {
    throw conflict("This upload is finished: delete the item instead.");
  }
  const removed = await removeItem(item, (current) => current.status === "uploading");
  if (!removed && (await readItem(mediaId))) {
    throw conflict("This upload is finished: delete the item instead.");
  }
}

/**
 * A presigned PUT for a video's poster frame (≤ 2 MiB, WebP or JPEG, type and length
 * signed), to the key Process watches for it. 400 for an image.
 */
export async function posterUpload(
  mediaId: string,
  body: v.InferOutput<typeof PosterBody>,
): Promise<{ upload: PutUpload }> {
  const item = await owned(mediaId);
  if (!item.contentType.startsWith("video/")) {
    throw invalid("Only a video takes a poster frame.", [
      { path: "contentType", message: "This item is not a video." },
    ]);
  }
  if (item.status === "failed") throw conflict("This video failed to process.");
  const upload = await Storage.presignPut({
    key: ObjectKey.posterUpload(item.ownerId, item.mediaId),
    contentType: body.contentType,
    contentLength: body.size,
    expiresInSeconds: uploadUrl(),
  });
  return { upload: upload as PutUpload };
}
