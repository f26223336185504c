/**
 * A checksum claimed when a multipart upload completes: the client hashes while the parts
 * are on their way (hashing first would delay every large upload by a full read of the
 * file) and sends the SHA-256 with `complete`. The claim and the move to `processing` are
 * one transaction, made before S3 joins the parts, so two uploads of the same bytes never
 * both go live: the second finds the claim held by an item already processing (a
 * duplicate), whichever of them completed first.
 * @module
 */
import { conflict } from "../error";
import { limits } from "../limits";
import { clock } from "../time";
import {
  type MediaItem,
  monthOf,
  readClaim,
  readItem,
  refusedAt,
  sweepShardOf,
  transact,
  unchanged,
} from "./store";

/** What claiming at completion did. */
export type CompletionClaim =
  /** Claimed: the item is `processing` now, its checksum recorded. */
  | { result: "claimed"; item: MediaItem }
  /** The owner already has these bytes ready or processing: the item stays `uploading`. */
  | { result: "duplicate"; of: string }
  /** The item is no longer an upload to claim for (another call completed it, or it is gone). */
  | { result: "moved"; item: MediaItem | undefined };

const MAX_ATTEMPTS = 5;
const iso = (ms: number) => new Date(ms).toISOString();
const live = (item: MediaItem | undefined) =>
  item?.status === "processing" || item?.status === "ready";

/**
 * Claims `checksum` for `item` (uploading, with no checksum yet) and moves it to
 * `processing`, in one conditional transaction. A claim held by a live item is a duplicate;
 * one held by an upload still in flight (or by nothing) is taken over, on the condition that
 * its holder is still uploading at that instant.
 */
export async function claimOnCompletion(
  first: MediaItem,
  checksum: string,
): Promise<CompletionClaim> {
  let item: MediaItem | undefined = first;
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    if (item?.status !== "uploading" || item.checksum !== undefined) {
      return { result: "moved", item };
    }
    const claim = await readClaim(item.ownerId, checksum);
    const holder =
      claim && claim.mediaId !== item.mediaId ? await readItem(claim.mediaId) : undefined;
    if (live(holder)) return { result: "duplicate", of: (holder as MediaItem).mediaId };
    const current: MediaItem = item;
    const now = clock.now();
    const outcome = await transact(({ media, monthCount, checksum: claims }) => [
      media
        .patch({ mediaId: current.mediaId })
        .set({
          ownerId: current.ownerId,
          checksum,
          status: "processing",
          visibility: "v",
          takenAt: current.takenAt,
          deadlineAt: iso(now + limits.media.processingDeadlineSeconds * 1000),
          sweepShard: sweepShardOf(current.mediaId),
          updatedAt: iso(now),
        })
        .where(
          (attributes, operations) =>
            `${unchanged(current)(attributes, operations)} AND ${operations.notExists(attributes.checksum)}`,
        )
        .commit(),
      monthCount
        .update({ ownerId: current.ownerId, month: monthOf(current.takenAt) })
        .add({ count: 1 })
        .commit(),
      claim
        ? claims
            .patch({ ownerId: current.ownerId, checksum })
            .set({ mediaId: current.mediaId })
            .where(({ mediaId }, { eq }) => eq(mediaId, claim.mediaId))
            .commit()
        : claims.create({ ownerId: current.ownerId, checksum, mediaId: current.mediaId }).commit(),
      // The holder must still be an upload in flight when the claim changes hands.
      ...(holder
        ? [
            media
              .check({ mediaId: holder.mediaId })
              .where(({ status }, { eq }) => eq(status, "uploading"))
              .commit(),
          ]
        : []),
    ]);
    if (outcome.committed) {
      const after = await readItem(current.mediaId);
      if (!after) return { result: "moved", item: undefined };
      return { result: "claimed", item: after };
    }
    // The item changed (another call moved it), or the claim did: read both again.
    if (refusedAt(outcome.codes) < 0) {
      throw new Error(`Claiming a checksum failed: ${outcome.codes}`);
    }
    item = await readItem(current.mediaId);
  }
  throw conflict("This file is being uploaded by another request right now. Try again.");
}
