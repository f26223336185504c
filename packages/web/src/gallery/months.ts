/**
 * The gallery's data as months: each month knows its count from `/timeline` and holds the
 * items loaded so far. Pages of `GET /api/media` (newest first) are poured into the months
 * they belong to, so one run of pages started at any month (`until`) fills that month and
 * the older ones after it, until it meets a month another run already filled. Pure
 * functions: the store (`store.ts`) does the fetching.
 * @module
 */
import type { MediaInfo, MediaPage, Timeline } from "@sharespace/core/schema";

/** One month of the timeline. */
export interface MonthSlot {
  /** `2026-11` (UTC, as the API counts months). */
  month: string;
  /** How many items the month holds: the timeline's count, then what loading finds. */
  count: number;
  /** Loaded so far, newest first. */
  items: readonly MediaInfo[];
  /** Where the run that filled this month goes on (null: start it again from the month's end). */
  cursor: string | null;
  /** Every item of the month is loaded. */
  complete: boolean;
  /** When the oldest loaded item's presigned URLs were fetched (epoch ms). */
  fetchedAt: number;
}

/** `2026-11` from an ISO time. */
export const monthOf = (iso: string) => iso.slice(0, 7);

/** The last millisecond of a month: `until` for a list that starts at that month. */
export function monthEnd(month: string): string {
  const [year, mon] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, mon, 1) - 1).toISOString();
}

/** The first millisecond of a month. */
export function monthStart(month: string): string {
  const [year, mon] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, mon - 1, 1)).toISOString();
}

/** Newest first, equal times by id, as the API lists them. */
export const newestFirst = (a: MediaInfo, b: MediaInfo) =>
  a.takenAt === b.takenAt ? (a.id < b.id ? 1 : -1) : a.takenAt < b.takenAt ? 1 : -1;

const empty = (month: string, count: number): MonthSlot => ({
  month,
  count,
  items: [],
  cursor: null,
  complete: count === 0,
  fetchedAt: 0,
});

/** Months from `/timeline`, nothing loaded yet. */
export function fromTimeline(timeline: Timeline): MonthSlot[] {
  return timeline.months.map(({ month, count }) => empty(month, count));
}

/** The index of `month`, adding an empty one in order if it is not there. */
function place(slots: MonthSlot[], month: string): number {
  const at = slots.findIndex((slot) => slot.month <= month);
  if (at >= 0 && slots[at]?.month === month) return at;
  const index = at < 0 ? slots.length : at;
  slots.splice(index, 0, empty(month, 0));
  return index;
}

const finish = (slot: MonthSlot): MonthSlot => ({
  ...slot,
  complete: true,
  cursor: null,
  count: slot.items.length,
});

/**
 * Pours a page into the months. `from` is the month the run is filling (the month it was
 * started at with `until`, or the one whose `cursor` it continued). Months the run passes
 * are complete; it stops at a month already loaded from elsewhere.
 */
export function absorb(
  slots: readonly MonthSlot[],
  from: string,
  page: MediaPage,
  now: number,
): MonthSlot[] {
  const next = [...slots];
  let current = place(next, from);
  let stopped = false;
  for (const item of page.items) {
    const month = monthOf(item.takenAt);
    if (month > (next[current] as MonthSlot).month) continue; // newer than the run: not ours
    if (month < (next[current] as MonthSlot).month) {
      const target = place(next, month);
      for (let i = current; i < target; i++) next[i] = finish(next[i] as MonthSlot);
      const slot = next[target] as MonthSlot;
      if (slot.items.length > 0 || slot.complete) {
        stopped = true;
        break;
      }
      current = target;
    }
    const slot = next[current] as MonthSlot;
    if (slot.items.some((known) => known.id === item.id)) continue;
    next[current] = {
      ...slot,
      items: [...slot.items, item],
      count: Math.max(slot.count, slot.items.length + 1),
      fetchedAt: slot.items.length ? Math.min(slot.fetchedAt, now) : now,
    };
  }
  if (!stopped) {
    if (page.nextCursor === null) {
      // The list ends here: this month and any older ones hold nothing more.
      for (let i = current; i < next.length; i++) next[i] = finish(next[i] as MonthSlot);
    } else {
      next[current] = { ...(next[current] as MonthSlot), cursor: page.nextCursor };
    }
  }
  return next;
}

/** Months without the given items, their counts lowered. */
export function removeItems(slots: readonly MonthSlot[], ids: ReadonlySet<string>): MonthSlot[] {
  return slots
    .map((slot) => {
      const items = slot.items.filter((item) => !ids.has(item.id));
      const removed = slot.items.length - items.length;
      return removed ? { ...slot, items, count: Math.max(0, slot.count - removed) } : slot;
    })
    .filter((slot) => slot.count > 0 || slot.items.length > 0);
}

/**
 * An item after an edit. Its month may change with `takenAt`: it leaves the old month and
 * joins the new one in order when that month is fully loaded, or makes it load again.
 */
export function replaceItem(slots: readonly MonthSlot[], item: MediaInfo): MonthSlot[] {
  const next = [...slots];
  const oldIndex = next.findIndex((slot) => slot.items.some((known) => known.id === item.id));
  const month = monthOf(item.takenAt);
  if (oldIndex >= 0) {
    const old = next[oldIndex] as MonthSlot;
    if (old.month === month) {
      const items = old.items.map((known) => (known.id === item.id ? item : known));
      next[oldIndex] = { ...old, items: items.sort(newestFirst) };
      return next;
    }
    next[oldIndex] = {
      ...old,
      items: old.items.filter((known) => known.id !== item.id),
      count: Math.max(0, old.count - 1),
    };
  }
  const index = place(next, month);
  const slot = next[index] as MonthSlot;
  next[index] =
    slot.complete || slot.count === 0
      ? {
          ...slot,
          items: [...slot.items, item].sort(newestFirst),
          count: slot.items.length + 1,
          complete: true,
          fetchedAt: slot.items.length ? slot.fetchedAt : Date.now(),
        }
      : { ...empty(month, slot.count + 1), complete: false };
  return next.filter((s) => s.count > 0 || s.items.length > 0);
}

/**
 * Months with a new item (an upload just finished): its month counts one more, and holds it
 * in order where the loaded items reach that far (a month loaded only in part gets it when
 * its pages come to it). An item already there is replaced instead, never counted twice.
 */
export function addItem(slots: readonly MonthSlot[], item: MediaInfo, now: number): MonthSlot[] {
  if (slots.some((slot) => slot.items.some((known) => known.id === item.id))) {
    return replaceItem(slots, item);
  }
  const next = [...slots];
  const index = place(next, monthOf(item.takenAt));
  const slot = next[index] as MonthSlot;
  const last = slot.items.at(-1);
  const within = slot.complete || (last !== undefined && newestFirst(item, last) < 0);
  next[index] = {
    ...slot,
    count: slot.count + 1,
    items: within ? [...slot.items, item].sort(newestFirst) : slot.items,
    fetchedAt: slot.items.length ? slot.fetchedAt : now,
  };
  return next;
}

/** Forgets the items of months not in `keep` (their layout height is remembered elsewhere). */
export function evict(slots: readonly MonthSlot[], keep: ReadonlySet<string>): MonthSlot[] {
  return slots.map((slot) =>
    keep.has(slot.month) || slot.items.length === 0
      ? slot
      : { ...slot, items: [], cursor: null, complete: false, fetchedAt: 0 },
  );
}

/** Every loaded item in gallery order. */
export const loadedItems = (slots: readonly MonthSlot[]): MediaInfo[] =>
  slots.flatMap((slot) => slot.items);

/** The loaded item count. */
export const loadedCount = (slots: readonly MonthSlot[]) =>
  slots.reduce((sum, slot) => sum + slot.items.length, 0);
