import { unavailable } from "../error";
import { removeLinksOf } from "../link/store";
import { removeSharesOf } from "../share/store";
import { ObjectKey, Storage } from "../storage";
import { type MediaItem, monthOf, readClaim, readItem, transact, unchanged } from "./store";

const MAX_ATTEMPTS = 5;

/** The S3 side of an item: an open multipart upload, the original, a poster, derivatives. */
async function removeObjects(item: MediaItem): Promise<void> {
  if (item.status === "uploading" && item.upload.kind === "multipart" && item.upload.uploadId) {
    await Storage.multipart.abort({
      key: ObjectKey.original(item.ownerId, item.mediaId),
      uploadId: item.upload.uploadId,
    });
  }
  await Storage.removeMedia(item.ownerId, item.mediaId);
}

/**
 * Removes an item completely: its objects first (so a failure leaves an item that can be
 * deleted again, never objects nobody knows of), then, in one transaction conditional on
 * the item being as read, the item, its share of usage (reserved bytes, and bytes and count
 * when ready), its month count and its checksum claim. A race (processing finished meanwhile,
 * another delete) re-reads and tries again, so the counts move exactly once.
 *
 * `allowed` says whether the item, as read now, may still be removed (the sweep removes
 * only uploads still uploading past their deadline). Answers whether this call removed it:
 * `false` when it is gone already or no longer allowed.
 */
export async function removeItem(
  first: MediaItem,
  allowed: (item: MediaItem) => boolean = () => true,
): Promise<boolean> {
  let item: MediaItem | undefined = first;
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    if (!item || item.ownerId !== first.ownerId || !allowed(item)) return false;
    await removeObjects(item);
    const current: MediaItem = item;
    const held = current.status !== "failed";
    const ready = current.status === "ready";
    const claim = current.checksum ? await readClaim(current.ownerId, current.checksum) : undefined;
    const outcome = await transact(({ media, usage, monthCount, checksum }) => [
      media.delete({ mediaId: current.mediaId }).where(unchanged(current)).commit(),
      ...(held
        ? [
            usage
              .update({ userId: current.ownerId })
              .add({
                reservedBytes: -current.size,
                ...(ready ? { bytes: -current.size, count: -1 } : {}),
              })
              .commit(),
          ]
        : []),
      ...(current.visibility === "v"
        ? [
            monthCount
              .update({ ownerId: current.ownerId, month: monthOf(current.takenAt) })
              .add({ count: -1 })
              .commit(),
          ]
        : []),
      ...(claim?.mediaId === current.mediaId
        ? [
            checksum
              .delete({ ownerId: claim.ownerId, checksum: claim.checksum })
              .where(({ mediaId }, { eq }) => eq(mediaId, current.mediaId))
              .commit(),
          ]
        : []),
    ]);
    if (outcome.committed) {
      // Its shares and links end with it. Every share and link read checks that the item
      // exists, so none of them works from the commit on, even before these are gone.
      await Promise.all([removeSharesOf(current.mediaId), removeLinksOf(current.mediaId)]);
      return true;
    }
    item = await readItem(current.mediaId);
  }
  throw unavailable();
}
