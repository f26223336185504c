/**
 * Uploads: the bytes go from the client straight to S3, with a presigned PUT up to 64 MiB
 * and an S3 multipart upload above (`multipart.ts`). Here: starting one (type, size, quota,
 * duplicates), aborting one, and a video's poster frame.
 * @module
 */
import type * as v from "valibot";
import { Actor } from "../actor";
import { conflict, invalid } from "../error";
import { createId } from "../id";
import { limits } from "../limits";
import { Metrics, metricNames } from "../metrics";
import {
  type CreateMediaBody,
  isAcceptedMediaType,
  type MediaCreated,
  type PosterBody,
  type PutUpload,
} from "../schema/media";
import { ObjectKey, Storage } from "../storage";
import { clock } from "../time";
import { owned } from "./access";
import { isLive, readHolder } from "./claim";
import { MediaError } from "./errors";
import { sanitizeFilename } from "./filename";
import { toInfo } from "./info";
import { removeItem } from "./remove";
import { mediaSettings } from "./settings";
import { type MediaItem, readItem, refusedAt, sweepShardOf, transact } from "./store";

const iso = (ms: number) => new Date(ms).toISOString();
const uploadUrl = () => limits.media.uploadUrlSeconds;

/** The part size of a multipart upload: at least 16 MiB, and never more than 10,000 parts. */
export function partSizeFor(size: number): number {
  return Math.max(limits.media.minPartBytes, Storage.multipart.partSize(size));
}

/**
 * Starts an upload for the signed-in user: checks the type (415), the size (413
 * `file_too_large`) and, in the transaction that creates the item, reserves its bytes
 * against the quota (413 `quota_exceeded`: uploads in flight count, so parallel uploads
 * cannot overshoot) and claims its checksum if free (409 `duplicate` when the caller already
 * has these bytes ready or processing; an upload racing this one is settled when the first
 * of them goes live).
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
  Metrics.count(metricNames.uploadStarted);

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
 * Creates the item and adds its bytes to the owner's reservation unless that would pass the
 * quota, in one transaction, which also claims its checksum when nobody holds it. A claim
 * held by a live item is a duplicate (409 at once); one held by an upload still in flight
 * (or never finished) stays with it: whichever of them goes live first takes it then
 * (`claim.ts`), and the other ends as a duplicate.
 */
async function reserve(item: MediaItem, quotaBytes: number): Promise<void> {
  let claimFree = item.checksum !== undefined;
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
      ...(claimFree && item.checksum
        ? [
            checksum
              .create({ ownerId: item.ownerId, checksum: item.checksum, mediaId: item.mediaId })
              .commit(),
          ]
        : []),
    ]);
    if (outcome.committed) return;
    const refused = refusedAt(outcome.codes);
    if (refused === 1) throw MediaError.quotaExceeded(quotaBytes);
    if (refused !== 2 || !item.checksum)
      throw new Error(`Reserving an upload failed: ${outcome.codes}`);
    const { claim, holder } = await readHolder(item.ownerId, item.checksum);
    if (isLive(holder)) throw MediaError.duplicate((holder as MediaItem).mediaId);
    claimFree = claim === undefined;
  }
  throw conflict("This file is being uploaded by another request right now. Try again.");
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
