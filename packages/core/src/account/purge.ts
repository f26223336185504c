/**
 * The Purge worker's job: removing everything a deleted account left, in bounded steps.
 * Each call removes at most `budget.items` things (or stops when `budget.stop()` says the
 * invocation's time is running out) and answers whether it finished; the caller queues the
 * next step when it did not. Every step removes what it finds and nothing else, so a step
 * repeated after a crash or a duplicate message just finds less: idempotent and restartable.
 *
 * Order: media (each item's shares, links and objects, then its records), the links the
 * account made, the shares it received, its counters and sessions, stray objects under its
 * prefixes, and last the purge record itself.
 * @module
 */
import { db } from "../db";
import { removeLink } from "../link/store";
import { removeSharesOf } from "../share/store";
import { ObjectKey, Storage } from "../storage";
import { purges } from "./deletion";

/** How much one call may do. */
export interface PurgeBudget {
  /** Items (media, links, shares) to remove at most. */
  items: number;
  /** True once the call should stop (its invocation is near its timeout). */
  stop?: () => boolean;
}

/** What one call did. */
export interface PurgeOutcome {
  /** Nothing of the account is left, and its purge record is gone. */
  done: boolean;
  removed: number;
}

const CONCURRENCY = 8;

/** Runs `fn` over `items`, `CONCURRENCY` at a time. */
async function each<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}

/** Removes one page of the owner's media (up to `limit`); answers how many. */
async function purgeMedia(ownerId: string, limit: number): Promise<number> {
  let removed = 0;
  for (const visibility of ["v", "u"] as const) {
    if (removed >= limit) break;
    const { data } = await db()
      .entities.media.query.byOwner({ ownerId, visibility })
      .go({ limit: Math.min(100, limit - removed) });
    await each(data, async (item) => {
      if (item.status === "uploading" && item.upload.kind === "multipart" && item.upload.uploadId) {
        await Storage.multipart
          .abort({ key: ObjectKey.original(ownerId, item.mediaId), uploadId: item.upload.uploadId })
          .catch(() => {}); // completed or aborted already
      }
      await Promise.all([
        removeSharesOf(item.mediaId),
        Storage.removeMedia(ownerId, item.mediaId),
        (async () => {
          const { data: links } = await db()
            .entities.link.query.byMedia({ mediaId: item.mediaId })
            .go({ pages: "all" });
          for (const link of links) await removeLink(link);
        })(),
      ]);
      if (item.checksum) {
        await db()
          .entities.checksum.delete({ ownerId, checksum: item.checksum })
          .where(({ mediaId }, { eq }) => eq(mediaId, item.mediaId))
          .go()
          .catch(() => {}); // names another item, or gone
      }
      await db().entities.media.delete({ mediaId: item.mediaId }).go();
      removed++;
    });
  }
  return removed;
}

/** Removes one page of the links the account made (its items' links are gone already). */
async function purgeLinks(ownerId: string, limit: number): Promise<number> {
  const { data } = await db()
    .entities.link.query.byOwner({ ownerId })
    .go({ limit: Math.min(100, limit) });
  await each(data, (link) => removeLink(link));
  return data.length;
}

/** Removes one page of the shares the account received. */
async function purgeReceived(userId: string, limit: number): Promise<number> {
  const { data } = await db()
    .entities.share.query.byRecipient({ userId })
    .go({ limit: Math.min(100, limit) });
  if (data.length) await db().entities.share.delete(data).go();
  return data.length;
}

/**
 * The account's counters, sessions, unused email links and notification window: few,
 * removed in one go.
 */
async function purgeRest(userId: string): Promise<void> {
  const { data: months } = await db()
    .entities.monthCount.query.byOwner({ ownerId: userId })
    .go({ pages: "all" });
  if (months.length) await db().entities.monthCount.delete(months).go();
  await db().entities.usage.delete({ userId }).go();
  const { data: sessions } = await db()
    .entities.session.query.byUser({ userId })
    .go({ pages: "all", attributes: ["sessionId"] });
  if (sessions.length) await db().entities.session.delete(sessions).go();
  const { data: tokens } = await db()
    .entities.emailToken.query.byUser({ userId })
    .go({ pages: "all", attributes: ["tokenHash"] });
  if (tokens.length) await db().entities.emailToken.delete(tokens).go();
  // A notification window still open for the account (its message then finds nothing).
  await db().entities.shareNotice.delete({ userId }).go();
  await Storage.removeOwner(userId);
}

/** Removes up to a budget's worth of what account `userId` left; see the module's notes. */
export async function purgeAccount(userId: string, budget: PurgeBudget): Promise<PurgeOutcome> {
  let removed = 0;
  const left = () => budget.items - removed;
  const spent = () => left() <= 0 || (budget.stop?.() ?? false);
  for (const step of [purgeMedia, purgeLinks, purgeReceived]) {
    for (;;) {
      if (spent()) return { done: false, removed };
      const n = await step(userId, left());
      removed += n;
      if (n === 0) break;
    }
  }
  if (spent()) return { done: false, removed };
  await purgeRest(userId);
  await purges().delete({ userId }).go();
  return { done: true, removed };
}
