import { createConversions } from "electrodb";
import { Actor } from "../actor";
import { Cursor } from "../cursor";
import { db } from "../db";
import { AppError, invalid, notFound } from "../error";
import { owned } from "../media/access";
import { toInfo } from "../media/info";
import { isMediaId, type MediaItem, refusedAt, transact } from "../media/store";
import type { SharedPage, ShareInfo } from "../schema/share";
import { isoNow } from "../time";
import { ShareEntity } from "./entity";
import { noticeShare } from "./notice";
import { isVerified } from "./store";

/** A share made (or found made already), and how to notify its recipient when it is new. */
export interface Added {
  share: ShareInfo;
  notify?: () => Promise<void>;
}

type UserItem = { userId: string; name: string; email: string; emailVerifiedAt?: string };

/** The accounts of `userIds`, by id (one BatchGetItem per 100). */
async function usersById(userIds: readonly string[]): Promise<Map<string, UserItem>> {
  const unique = [...new Set(userIds)];
  if (!unique.length) return new Map();
  const { data } = await db()
    .entities.user.get(unique.map((userId) => ({ userId })))
    .go({ attributes: ["userId", "name", "email", "emailVerifiedAt"] });
  return new Map(data.map((user) => [user.userId, user as UserItem]));
}

const infoOf = (user: UserItem, sharedAt: string): ShareInfo => ({
  userId: user.userId,
  name: user.name,
  email: user.email,
  createdAt: sharedAt,
  pending: !user.emailVerifiedAt,
});

/**
 * Shares the caller's item with the account that uses `email` (compared lower-cased).
 * Sharing again with the same person answers the existing share and writes nothing. The
 * share is written in one transaction with a check that the item still exists, so a share
 * can never outlive a racing delete of its item. A new share with a verified recipient
 * answers `notify`, which joins it to the recipient's next notification email (the caller
 * runs it, so that a mail queue down does not fail a share already made).
 */
export async function add(mediaId: string, body: { email: string }): Promise<Added> {
  const item = await owned(mediaId);
  const { data: owner } = await db()
    .entities.email.get({ email: body.email })
    .go({ consistent: true });
  if (!owner) {
    throw new AppError("not_found", "user_not_found", "No account uses this email.", {
      details: [{ path: "email", message: "No account uses this email." }],
    });
  }
  if (owner.userId === item.ownerId) {
    throw invalid("You can't share with yourself.", [
      { path: "email", message: "This is your own email." },
    ]);
  }
  const sharedAt = isoNow();
  const outcome = await transact(({ share, media }) => [
    share.create({ mediaId, userId: owner.userId, ownerId: item.ownerId, sharedAt }).commit(),
    media
      .check({ mediaId })
      .where(({ mediaId: id }, { exists }) => exists(id))
      .commit(),
  ]);
  let at = sharedAt;
  if (!outcome.committed) {
    if (refusedAt(outcome.codes) === 1) throw notFound();
    const { data: existing } = await db()
      .entities.share.get({ mediaId, userId: owner.userId })
      .go({ consistent: true });
    if (!existing) throw notFound(); // revoked or ended with its item meanwhile
    at = existing.sharedAt;
  }
  const user = (await usersById([owner.userId])).get(owner.userId);
  if (!user) throw new AppError("not_found", "user_not_found", "No account uses this email.");
  const share = infoOf(user, at);
  return outcome.committed && !share.pending
    ? { share, notify: () => noticeShare(user.userId, mediaId) }
    : { share };
}

/** Who the caller's item is shared with: one Query on the item's partition. */
export async function list(mediaId: string): Promise<{ shares: ShareInfo[] }> {
  await owned(mediaId);
  const { data } = await db()
    .entities.share.query.byMedia({ mediaId })
    .go({ pages: "all", consistent: true });
  const users = await usersById(data.map((share) => share.userId));
  const shares = data.flatMap((share) => {
    const user = users.get(share.userId);
    return user ? [infoOf(user, share.sharedAt)] : [];
  });
  return { shares: shares.sort((a, b) => b.createdAt.localeCompare(a.createdAt)) };
}

/** Ends a share of the caller's item: that user gets 404 from then on. Idempotent. */
export async function revoke(mediaId: string, userId: string): Promise<void> {
  await owned(mediaId);
  await db().entities.share.delete({ mediaId, userId }).go();
}

type RecipientKey = { userId: string; sharedAt: string; mediaId: string };
const byRecipient = createConversions(ShareEntity).byAccessPattern.byRecipient;

/**
 * What was shared with the caller, newest share first, with who shared each: one Query on
 * the caller's index. Nothing while the caller's email is unverified (every share to them
 * is pending); items deleted meanwhile are left out.
 */
export async function sharedWithMe(query: {
  limit: number;
  cursor?: string | undefined;
}): Promise<SharedPage> {
  const userId = Actor.userId();
  const cursor = Cursor.decode(
    query.cursor,
    Cursor.forIndex<RecipientKey>(
      byRecipient,
      (key) => key.userId === userId && isMediaId(key.mediaId),
    ),
  );
  if (!(await isVerified(userId))) return { items: [], nextCursor: null };
  const page = await db()
    .entities.share.query.byRecipient({ userId })
    .go({ order: "desc", limit: query.limit + 1, cursor });
  const shares = page.data.slice(0, query.limit);
  const more = page.data.length > query.limit;
  const ids = shares.map((share) => ({ mediaId: share.mediaId }));
  const media = ids.length ? (await db().entities.media.get(ids).go()).data : [];
  const items = new Map(media.map((item) => [item.mediaId, item as MediaItem]));
  const owners = await usersById(shares.map((share) => share.ownerId));
  const visible = shares.filter((share) => items.has(share.mediaId));
  const last = shares.at(-1);
  return {
    items: await Promise.all(
      visible.map(async (share) => ({
        ...(await toInfo(items.get(share.mediaId) as MediaItem)),
        sharedBy: { id: share.ownerId, name: owners.get(share.ownerId)?.name ?? "" },
        sharedAt: share.sharedAt,
      })),
    ),
    nextCursor:
      more && last
        ? Cursor.encode(
            byRecipient.fromComposite.toCursor({
              userId,
              sharedAt: last.sharedAt,
              mediaId: last.mediaId,
            }),
          )
        : null,
  };
}
