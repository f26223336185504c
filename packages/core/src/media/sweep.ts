/**
 * The sweep: nothing waits forever. An upload never completed is removed (item, reserved
 * bytes, multipart parts, object) within 24 hours of its start; an item stuck in
 * `processing` is handed back to processing once, then failed. It reads the sparse sweep
 * index (items carry a deadline only while uploading or processing), one Query per shard for
 * deadlines already past: never a Scan. Deployed, a cron runs it; locally, a timer.
 * @module
 */
import { db } from "../db";
import { limits } from "../limits";
import { Metrics, metricNames } from "../metrics";
import { Storage } from "../storage";
import { clock } from "../time";
import { removeItem } from "./remove";
import { type MediaItem, readItem, SWEEP_SHARDS, transact } from "./store";
import { markFailed } from "./transitions";

export { sweepSchedule } from "./schedule";

/** An item processing did not finish in time, handed to {@link SweepHooks.redrive}. */
export type StuckItem = Pick<MediaItem, "mediaId" | "ownerId" | "contentType" | "size">;

/** What the sweep cannot do by itself. */
export interface SweepHooks {
  /**
   * Hands an item stuck in `processing` back to processing (re-enqueue its object's event).
   * Called at most once per item: when processing is still not finished by the next
   * deadline, the sweep fails the item. Without a hook, a stuck item fails at once.
   */
  redrive?: (item: StuckItem) => Promise<void>;
}

/** What one sweep did. */
export interface SweepReport {
  /** Uploads never completed, removed. */
  abandoned: number;
  /** Items stuck in processing, handed back to processing. */
  redriven: number;
  /** Items stuck in processing after their retry (or with no way to retry), failed. */
  failed: number;
  /** More items were due than one run handles: the next run goes on. */
  more: boolean;
}

/** The most items one run handles, so it ends well within its function's timeout. */
const MAX_ITEMS_PER_RUN = 500;

/** Why a stuck item failed, in words for its owner. */
export const PROCESSING_TIMED_OUT = "Processing did not finish. Upload the file again.";

/** Sweeps every item whose deadline is at or before `now` (epoch ms). */
export async function sweep(now = clock.now(), hooks: SweepHooks = {}): Promise<SweepReport> {
  const cutoff = new Date(now).toISOString();
  const report: SweepReport = { abandoned: 0, redriven: 0, failed: 0, more: false };
  let handled = 0;
  for (let shard = 0; shard < SWEEP_SHARDS; shard++) {
    let cursor: string | null = null;
    do {
      const page: { data: MediaItem[]; cursor: string | null } = await db()
        .entities.media.query.byDeadline({ sweepShard: String(shard) })
        .lte({ deadlineAt: cutoff })
        .go({ cursor, limit: 100 });
      for (const due of page.data) {
        if (handled++ >= MAX_ITEMS_PER_RUN) {
          report.more = true;
          return report;
        }
        const outcome = await sweepOne(due.mediaId, cutoff, now, hooks);
        if (outcome) report[outcome]++;
      }
      cursor = page.cursor;
    } while (cursor);
  }
  return report;
}

/** Whether an item is past its deadline, as read now (the index may lag the table). */
const overdue = (item: MediaItem | undefined, cutoff: string): item is MediaItem =>
  item?.deadlineAt !== undefined && item.deadlineAt <= cutoff;

async function sweepOne(
  mediaId: string,
  cutoff: string,
  now: number,
  hooks: SweepHooks,
): Promise<keyof Omit<SweepReport, "more"> | undefined> {
  const item = await readItem(mediaId);
  if (!overdue(item, cutoff)) return undefined;
  const ref = { ownerId: item.ownerId, mediaId: item.mediaId };
  if (item.status === "uploading") {
    const removed = await removeItem(
      item,
      (current) => current.status === "uploading" && overdue(current, cutoff),
    );
    return removed ? "abandoned" : undefined;
  }
  if (item.status === "processing") {
    if (hooks.redrive && (item.redrives ?? 0) < 1 && (await extendForRedrive(item, now))) {
      await hooks.redrive({
        mediaId: item.mediaId,
        ownerId: item.ownerId,
        contentType: item.contentType,
        size: item.size,
      });
      return "redriven";
    }
    const failed = await markFailed(ref, PROCESSING_TIMED_OUT);
    if (!failed.changed) return undefined;
    Metrics.count(metricNames.processingFailed);
    await Storage.removeMedia(item.ownerId, item.mediaId);
    return "failed";
  }
  // Ready or failed with a deadline left over: take it off the sweep index.
  await db()
    .entities.media.patch({ mediaId })
    .remove(["deadlineAt", "sweepShard"])
    .go()
    .catch(() => undefined);
  return undefined;
}

/** Gives a stuck item one more processing deadline, counting the retry; `false` if it moved. */
async function extendForRedrive(item: MediaItem, now: number): Promise<boolean> {
  const outcome = await transact(({ media }) => [
    media
      .patch({ mediaId: item.mediaId })
      .set({
        redrives: (item.redrives ?? 0) + 1,
        deadlineAt: new Date(now + limits.media.processingDeadlineSeconds * 1000).toISOString(),
        sweepShard: item.sweepShard,
      })
      .where(
        ({ status, deadlineAt }, { eq }) =>
          `${eq(status, "processing")} AND ${eq(deadlineAt, item.deadlineAt)}`,
      )
      .commit(),
  ]);
  return outcome.committed;
}
