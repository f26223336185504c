import { limits, type MediaInfo } from "@sharespace/core/schema";
import type { ApiClient, ApiError } from "../api";
import { FIRST_PAGE, takeFirstData } from "./first-data";
import { createFollower } from "./follow";
import {
  absorb,
  addItem,
  evict,
  fromTimeline,
  loadedCount,
  loadedItems,
  type MonthSlot,
  monthEnd,
  monthOf,
  removeItems,
  replaceItem,
} from "./months";

/** What the gallery shows. A new object on every change (for `useSyncExternalStore`). */
export interface GalleryState {
  /** `loading` until the timeline and the first page are in. */
  status: "loading" | "ready" | "error";
  error?: ApiError;
  months: readonly MonthSlot[];
  /** Months with a page on its way. */
  fetching: ReadonlySet<string>;
}

/**
 * The signed-in person's timeline, loaded as they scroll: the month counts at once, then
 * pages of items for the months on screen. Items far from the screen are let go, so memory
 * stays flat however large the library, and URLs near expiry are fetched again.
 */
export interface GalleryStore {
  readonly state: GalleryState;
  subscribe(listener: () => void): () => void;
  /** The timeline and the first page, in parallel; once (later calls share it). */
  start(): Promise<void>;
  /**
   * The months on screen (and just around it), nearest first: each one not fully loaded
   * gets its next page, and the others far from them are let go when too much is loaded.
   */
  show(months: readonly string[]): void;
  /** Loads the next page of these months (the viewer's neighbours) without moving the screen. */
  want(months: readonly string[]): void;
  /** Every item of a month, loading what is missing (to select the month whole). */
  loadMonth(month: string): Promise<readonly MediaInfo[]>;
  /** Fetches again the URLs of months loaded longer ago than `renewAfterMs`. */
  renew(): void;
  /** A month whose thumbnails stopped loading (URLs expired): load it again. */
  renewMonth(month: string): void;
  /** After a delete: the items leave the gallery. */
  removed(ids: Iterable<string>): void;
  /** After an edit: the item as the API answered. */
  replaced(item: MediaInfo): void;
  /**
   * A finished upload (uploading or processing): it joins its month at once, and is read
   * again until processing is done, when it shows its thumbnail (in another month if its
   * capture time says so).
   */
  added(item: MediaInfo): void;
  /** The timeline again (new uploads): months whose count changed load again. */
  refresh(): Promise<void>;
}

export interface GalleryStoreOptions {
  now?: () => number;
  /** Items kept in memory beyond the months on screen. */
  maxLoaded?: number;
  /** Presigned GETs last `limits.media.getUrlSeconds`: renew well before. */
  renewAfterMs?: number;
  /** Waits between reads of an item being processed; the last one repeats. */
  followDelaysMs?: readonly number[];
}

const PAGE = limits.list.maxLimit;
/** After a failed page, a month waits this long before it is tried again. */
const RETRY_MS = 5_000;

export function createGalleryStore(
  api: Pick<ApiClient, "media">,
  options: GalleryStoreOptions = {},
): GalleryStore {
  const now = options.now ?? Date.now;
  const maxLoaded = options.maxLoaded ?? 1_500;
  const renewAfterMs = options.renewAfterMs ?? (limits.media.getUrlSeconds - 10 * 60) * 1000;
  let state: GalleryState = { status: "loading", months: [], fetching: new Set() };
  let started: Promise<void> | undefined;
  let onScreen: readonly string[] = [];
  const failedAt = new Map<string, number>();
  const listeners = new Set<() => void>();
  /** Uploads finished while the gallery was still loading: added once it is in. */
  let pendingAdds: MediaInfo[] = [];

  const set = (patch: Partial<GalleryState>) => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  };
  const slot = (month: string) => state.months.find((s) => s.month === month);
  const fetching = (month: string, on: boolean) => {
    const next = new Set(state.fetching);
    if (on) next.add(month);
    else next.delete(month);
    set({ fetching: next });
  };

  /** Lets go of the items of months far from the screen once too many are loaded. */
  const trim = () => {
    if (loadedCount(state.months) <= maxLoaded || onScreen.length === 0) return;
    const order = state.months.map((s) => s.month);
    const centre = order.indexOf(onScreen[0] as string);
    const keep = new Set(onScreen);
    let kept = state.months
      .filter((s) => keep.has(s.month))
      .reduce((sum, s) => sum + s.items.length, 0);
    // Nearest months first, until the budget is spent.
    const byDistance = order
      .map((month, index) => ({ month, distance: Math.abs(index - centre) }))
      .filter(({ month }) => !keep.has(month))
      .sort((a, b) => a.distance - b.distance);
    for (const { month } of byDistance) {
      const size = slot(month)?.items.length ?? 0;
      if (kept + size > maxLoaded) break;
      kept += size;
      keep.add(month);
    }
    set({ months: evict(state.months, keep) });
  };

  /** One page for `month`: its run's next page, or a new run from the month's end. */
  async function page(month: string) {
    const current = slot(month);
    if (!current || current.complete || state.fetching.has(month)) return;
    fetching(month, true);
    try {
      const query =
        current.items.length && current.cursor
          ? { cursor: current.cursor, limit: PAGE }
          : { until: monthEnd(month), limit: PAGE };
      const result = await api.media.list(query);
      failedAt.delete(month);
      set({ months: absorb(state.months, month, result, now()) });
    } catch {
      failedAt.set(month, now());
    } finally {
      fetching(month, false);
    }
    trim();
  }

  async function begin() {
    try {
      const early = takeFirstData();
      const [timeline, first] = await Promise.all([
        early?.timeline ?? api.media.timeline(),
        early?.first ?? api.media.list({ limit: FIRST_PAGE }),
      ]);
      let months = fromTimeline(timeline);
      const newest = months[0]?.month ?? (first.items[0] && monthOf(first.items[0].takenAt));
      if (newest) months = absorb(months, newest, first, now());
      set({ status: "ready", months, error: undefined });
      const pending = pendingAdds;
      pendingAdds = [];
      for (const item of pending) add(item);
    } catch (error) {
      started = undefined;
      set({ status: "error", error: error as ApiError });
    }
  }

  const done = (item: MediaInfo) => item.status === "ready" || item.status === "failed";

  const follower = createFollower({
    get: (id) => api.media.get(id),
    shown: (id) => loadedItems(state.months).some((known) => known.id === id),
    update: (item) => set({ months: replaceItem(state.months, item) }),
    gone: (id) => set({ months: removeItems(state.months, new Set([id])) }),
    done,
    now,
    delaysMs: options.followDelaysMs,
  });

  function add(item: MediaInfo) {
    set({ months: addItem(state.months, item, now()) });
    if (!done(item)) follower.follow(item.id);
  }

  /** Loads a month's items again (fresh URLs), keeping the old ones on screen meanwhile. */
  async function reload(month: string) {
    const current = slot(month);
    if (!current || state.fetching.has(month)) return;
    fetching(month, true);
    try {
      let fresh = state.months.map((s) =>
        s.month === month ? { ...s, items: [], cursor: null, complete: false } : s,
      );
      const wanted = current.items.length;
      let loaded = 0;
      do {
        const own = fresh.find((s) => s.month === month) as MonthSlot;
        const query = own.cursor
          ? { cursor: own.cursor, limit: PAGE }
          : { until: monthEnd(month), limit: PAGE };
        fresh = absorb(fresh, month, await api.media.list(query), now());
        const after = fresh.find((s) => s.month === month) as MonthSlot;
        if (after.complete || after.items.length === loaded) break;
        loaded = after.items.length;
      } while (loaded < wanted);
      const own = fresh.find((s) => s.month === month);
      set({ months: state.months.map((s) => (s.month === month && own ? own : s)) });
    } catch {
      failedAt.set(month, now());
    } finally {
      fetching(month, false);
    }
  }

  return {
    get state() {
      return state;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      started ??= begin();
      return started;
    },
    show(months) {
      onScreen = months;
      this.want(months);
    },
    want(months) {
      if (state.status !== "ready") return;
      for (const month of months) {
        const current = slot(month);
        const failed = failedAt.get(month);
        if (!current || current.complete) continue;
        if (failed !== undefined && now() - failed < RETRY_MS) continue;
        void page(month);
      }
    },
    async loadMonth(month) {
      for (;;) {
        const current = slot(month);
        if (!current) return [];
        if (current.complete) return current.items;
        if (failedAt.has(month) && !state.fetching.has(month)) failedAt.delete(month);
        const before = current.items.length;
        await page(month);
        const after = slot(month);
        if (after && !after.complete && after.items.length === before) {
          // Nothing new (a failed page, or another run in flight): wait for that run.
          if (failedAt.has(month)) throw new Error("The month could not be loaded.");
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    },
    renew() {
      const due = now() - renewAfterMs;
      const visible = new Set(onScreen);
      const stale = state.months.filter((s) => s.items.length && s.fetchedAt < due);
      const hidden = new Set(stale.filter((s) => !visible.has(s.month)).map((s) => s.month));
      // Months off screen are let go (they load again when they come back); those on screen
      // load again in place.
      if (hidden.size) {
        const keep = new Set(state.months.map((s) => s.month).filter((m) => !hidden.has(m)));
        set({ months: evict(state.months, keep) });
      }
      for (const s of stale) if (visible.has(s.month)) void reload(s.month);
    },
    renewMonth(month) {
      const current = slot(month);
      // Once per fetch: a thumbnail that fails with fresh URLs is not retried in a loop.
      if (current && now() - current.fetchedAt > 60_000) void reload(month);
    },
    removed(ids) {
      set({ months: removeItems(state.months, new Set(ids)) });
    },
    replaced(item) {
      set({ months: replaceItem(state.months, item) });
    },
    added(item) {
      if (state.status === "ready") add(item);
      else pendingAdds.push(item);
    },
    async refresh() {
      const timeline = await api.media.timeline();
      const old = new Map(state.months.map((s) => [s.month, s]));
      const months = fromTimeline(timeline).map((fresh) => {
        const known = old.get(fresh.month);
        return known && known.count === fresh.count ? known : fresh;
      });
      set({ months });
      this.show(onScreen);
    },
  };
}

const stores = new WeakMap<Pick<ApiClient, "media" | "auth">, GalleryStore>();

/**
 * The gallery of this client's signed-in person: one per session, dropped on sign-out so
 * the next person never sees the last one's items.
 */
export function galleryOf(api: Pick<ApiClient, "media" | "auth">): GalleryStore {
  let store = stores.get(api);
  if (!store) {
    store = createGalleryStore(api);
    stores.set(api, store);
    const unsubscribe = api.auth.subscribe(() => {
      if (api.auth.state.status !== "signed-out") return;
      stores.delete(api);
      unsubscribe();
    });
  }
  return store;
}

export { loadedItems, monthOf };
