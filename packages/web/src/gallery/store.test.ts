import type { MediaInfo, MediaPage, Timeline } from "@sharespace/core/schema";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/error";
import type { MediaApi } from "../api/media";
import { loadedItems } from "./months";
import { createGalleryStore } from "./store";

/**
 * The gallery's store with the media API answered here (the store is about what it does
 * with answers; the real API is exercised by the browser journeys in `e2e/`).
 */
const item = (id: string, takenAt: string, patch: Partial<MediaInfo> = {}): MediaInfo => ({
  id,
  ownerId: "usr_01",
  filename: `${id}.jpg`,
  title: "",
  description: "",
  contentType: "image/jpeg",
  size: 1000,
  takenAt,
  status: "ready",
  createdAt: takenAt,
  updatedAt: takenAt,
  ...patch,
});

function fakeApi(library: MediaInfo[]) {
  const byId = new Map(library.map((m) => [m.id, m]));
  const media: MediaApi = {
    async list() {
      const items = [...byId.values()].sort((a, b) => (a.takenAt < b.takenAt ? 1 : -1));
      return { items, nextCursor: null } satisfies MediaPage;
    },
    async timeline() {
      const months = new Map<string, number>();
      for (const m of byId.values()) {
        months.set(m.takenAt.slice(0, 7), (months.get(m.takenAt.slice(0, 7)) ?? 0) + 1);
      }
      const list = [...months].sort(([a], [b]) => (a < b ? 1 : -1));
      return { months: list.map(([month, count]) => ({ month, count })) } satisfies Timeline;
    },
    get: vi.fn(async (id: string) => {
      const found = byId.get(id);
      if (!found) throw new ApiError(404, "not_found", "No such media.");
      return found;
    }),
    update: async () => {
      throw new Error("not used");
    },
    remove: async () => {},
    removeMany: async () => ({ deleted: [], notFound: [] }),
  };
  return { api: { media }, byId };
}

const counts = (store: ReturnType<typeof createGalleryStore>) =>
  Object.fromEntries(store.state.months.map((s) => [s.month, s.count]));
const ids = (store: ReturnType<typeof createGalleryStore>) =>
  loadedItems(store.state.months).map((m) => `${m.id}:${m.status}`);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("a finished upload in the gallery", () => {
  it("joins its month at once as processing, then is ready with its thumbnail, without a reload", async () => {
    const { api, byId } = fakeApi([item("med_old", "2026-10-03T10:00:00.000Z")]);
    const store = createGalleryStore(api, { followDelaysMs: [1000] });
    await store.start();
    expect(counts(store)).toEqual({ "2026-10": 1 });

    const fresh = item("med_new", "2026-11-20T09:00:00.000Z", { status: "processing" });
    byId.set(fresh.id, fresh);
    store.added(fresh);
    expect(counts(store)).toEqual({ "2026-11": 1, "2026-10": 1 });
    expect(ids(store)).toEqual(["med_new:processing", "med_old:ready"]);

    // Processing finishes; the next read finds it ready, with its URLs.
    const urls = { thumbnail: "t", preview: "p", original: "o", download: "d" };
    byId.set(fresh.id, { ...fresh, status: "ready", urls });
    await vi.advanceTimersByTimeAsync(1000);
    expect(ids(store)).toEqual(["med_new:ready", "med_old:ready"]);
    expect(loadedItems(store.state.months)[0]?.urls?.thumbnail).toBe("t");
    // Done: it is not read again.
    const reads = vi.mocked(api.media.get).mock.calls.length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(vi.mocked(api.media.get).mock.calls.length).toBe(reads);
  });

  it("moves to the month its capture time says once processed, the counts following", async () => {
    const { api, byId } = fakeApi([item("med_old", "2026-10-03T10:00:00.000Z")]);
    const store = createGalleryStore(api, { followDelaysMs: [1000] });
    await store.start();
    // Uploaded in November, its EXIF says October.
    const fresh = item("med_new", "2026-11-20T09:00:00.000Z", { status: "uploading" });
    byId.set(fresh.id, fresh);
    store.added(fresh);
    byId.set(fresh.id, { ...fresh, status: "ready", takenAt: "2026-10-05T08:00:00.000Z" });
    await vi.advanceTimersByTimeAsync(1000);
    expect(counts(store)).toEqual({ "2026-10": 2 });
    expect(ids(store)).toEqual(["med_new:ready", "med_old:ready"]);
  });

  it("counts an item once when it is told twice or already loaded", async () => {
    const known = item("med_a", "2026-11-02T10:00:00.000Z", { status: "processing" });
    const { api } = fakeApi([known]);
    const store = createGalleryStore(api, { followDelaysMs: [1000] });
    await store.start();
    store.added(known);
    store.added(known);
    expect(counts(store)).toEqual({ "2026-11": 1 });
    expect(ids(store)).toEqual(["med_a:processing"]);
  });

  it("waits for the gallery to load when it finishes before, and leaves an item deleted meanwhile", async () => {
    const { api, byId } = fakeApi([]);
    const store = createGalleryStore(api, { followDelaysMs: [1000] });
    const fresh = item("med_new", "2026-11-20T09:00:00.000Z", { status: "processing" });
    store.added(fresh);
    expect(store.state.months).toEqual([]);
    await store.start();
    expect(ids(store)).toEqual(["med_new:processing"]);

    // Deleted elsewhere before processing finished: the next read's 404 takes it away.
    byId.delete(fresh.id);
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.state.months).toEqual([]);
  });
});
