/**
 * Reads and removals of shares that media itself needs (who may view an item; an item's
 * shares end with it), kept apart from the share operations so media can import them.
 * @module
 */
import { db, isConditionFailure } from "../db";

/** Whether the item is shared with the user and the user's email is verified (not pending). */
export async function isVisibleShare(mediaId: string, userId: string): Promise<boolean> {
  const [share, verified] = await Promise.all([
    db().entities.share.get({ mediaId, userId }).go({ consistent: true }),
    isVerified(userId),
  ]);
  return share.data !== null && verified;
}

/** Whether the account's email is verified: a share to it is pending until then. */
export async function isVerified(userId: string): Promise<boolean> {
  const { data } = await db()
    .entities.user.get({ userId })
    .go({ consistent: true, attributes: ["emailVerifiedAt"] });
  return Boolean(data?.emailVerifiedAt);
}

/**
 * Removes every share of an item (its partition), in batches, and the item from its
 * recipients' open notification windows. Idempotent.
 */
export async function removeSharesOf(mediaId: string): Promise<void> {
  let cursor: string | null = null;
  do {
    const page: { data: { mediaId: string; userId: string }[]; cursor: string | null } = await db()
      .entities.share.query.byMedia({ mediaId })
      .go({ cursor, limit: 100, attributes: ["mediaId", "userId"] });
    if (page.data.length) await db().entities.share.delete(page.data).go();
    await Promise.all(page.data.map((share) => leaveWindow(share.userId, mediaId)));
    cursor = page.cursor;
  } while (cursor);
}

/** Takes an item out of a recipient's open notification window, if it is there. */
async function leaveWindow(userId: string, mediaId: string): Promise<void> {
  try {
    await db()
      .entities.shareNotice.patch({ userId })
      .delete({ mediaIds: [mediaId] })
      .go();
  } catch (error) {
    if (!isConditionFailure(error)) throw error; // no window open: nothing to take out
  }
}
