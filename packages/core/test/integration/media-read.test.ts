/**
 * The gallery in the core tier: pages that hold every item exactly once, `until`, the
 * timeline agreeing with the items, and cursors that cannot be forged.
 */
import { createConversions } from "electrodb";
import { beforeAll, describe, expect, it } from "vitest";
import { Cursor } from "../../src/cursor";
import { Media } from "../../src/media";
import { MediaEntity } from "../../src/media/entity";
import { failure, useCoreTestEnv, withActor } from "./harness";
import { expectConsistent, newOwner, upload } from "./media-support";

beforeAll(async () => {
  await useCoreTestEnv();
});

const refOf = (media: Media.Info) => ({ ownerId: media.ownerId, mediaId: media.id });

/** A visible item of `userId` taken at `takenAt`. */
async function visible(userId: string, takenAt: string) {
  const { media } = await upload(userId, { lastModified: takenAt });
  await Media.startProcessing(refOf(media));
  return { id: media.id, takenAt: new Date(takenAt).toISOString() };
}

/** Newest first; equal times by id, newest id first (the index's order). */
const newestFirst = (a: { id: string; takenAt: string }, b: { id: string; takenAt: string }) =>
  b.takenAt.localeCompare(a.takenAt) || b.id.localeCompare(a.id);

/** Every page of a listing, as ids, checking that only the last page ends the list. */
async function allPages(userId: string, limit: number, until?: string) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await withActor(userId, () => Media.list({ limit, cursor, until }));
    ids.push(...page.items.map((i) => i.id));
    if (!page.nextCursor) return ids;
    expect(page.items).toHaveLength(limit); // no short page before the end
    cursor = page.nextCursor;
  }
  throw new Error("the list never ended");
}

describe("the gallery, across a library with distinct and equal times", () => {
  let owner: { id: string };
  let items: { id: string; takenAt: string }[];
  const shared = [
    "2024-06-01T12:00:00.000Z",
    "2024-06-15T00:00:00.000Z",
    "2023-12-31T23:59:59.999Z",
  ];

  beforeAll(async () => {
    owner = await newOwner();
    const times = [
      ...Array.from({ length: 10 }, (_, i) => new Date(Date.UTC(2020, i * 4, 3, i)).toISOString()),
      ...shared.flatMap((t, i) => Array(3 + i).fill(t) as string[]),
    ];
    items = [];
    for (const time of times) items.push(await visible(owner.id, time));
    await upload(owner.id, { lastModified: "2024-06-01T12:00:00.000Z" }); // uploading: never listed
  });

  it.each([1, 5, 7, 100])(
    "returns every item exactly once, newest first, in pages of %i",
    async (limit) => {
      const ids = await allPages(owner.id, limit);
      expect(ids).toEqual([...items].sort(newestFirst).map((i) => i.id));
    },
  );

  it.each([
    ["exactly a shared time", shared[0] as string],
    ["just before a shared time", "2024-06-01T11:59:59.999Z"],
    ["between times", "2022-01-01T00:00:00.000Z"],
    ["before every item", "2000-01-01T00:00:00.000Z"],
    ["after every item", "2099-01-01T00:00:00.000Z"],
  ])("starts at until (%s), with pages that agree", async (_label, until) => {
    const expected = items
      .filter((i) => i.takenAt <= until)
      .sort(newestFirst)
      .map((i) => i.id);
    expect(await allPages(owner.id, 4, until)).toEqual(expected);
  });

  it("has a timeline that counts exactly the listed items per month", async () => {
    const { months } = await withActor(owner.id, () => Media.timeline());
    const expected = new Map<string, number>();
    for (const item of items) {
      const month = item.takenAt.slice(0, 7);
      expected.set(month, (expected.get(month) ?? 0) + 1);
    }
    expect(months).toEqual(
      [...expected]
        .sort(([a], [b]) => b.localeCompare(a))
        .map(([month, count]) => ({ month, count })),
    );
    // Jumping to a month through until starts the list with that month's newest item.
    for (const { month, count } of months.slice(0, 3)) {
      const end = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1) - 1);
      const page = await withActor(owner.id, () =>
        Media.list({ limit: 100, until: end.toISOString() }),
      );
      expect(page.items.filter((i) => i.takenAt.startsWith(month))).toHaveLength(count);
      expect(page.items[0]?.takenAt.startsWith(month)).toBe(true);
    }
    await expectConsistent(owner.id);
  });

  it("refuses a cursor of another user's list, and one from beyond until", async () => {
    const first = await withActor(owner.id, () => Media.list({ limit: 2 }));
    const stranger = await newOwner();
    await visible(stranger.id, "2024-01-01T00:00:00Z");
    const theirs = await failure(
      withActor(stranger.id, () => Media.list({ limit: 2, cursor: first.nextCursor ?? "" })),
    );
    expect(theirs.code).toBe("invalid_request");
    const beyond = await failure(
      withActor(owner.id, () =>
        Media.list({ limit: 2, cursor: first.nextCursor ?? "", until: "2000-01-01T00:00:00Z" }),
      ),
    );
    expect(beyond.code).toBe("invalid_request");
  });
});

describe("cursors", () => {
  const byOwner = createConversions(MediaEntity).byAccessPattern.byOwner;
  const forged = (composite: Record<string, string>) =>
    Cursor.encode(byOwner.fromComposite.toCursor(composite as never)) ?? "";

  it.each([
    ["garbage", () => "%%%"],
    ["random base64", () => Buffer.from("not json").toString("base64url")],
    ["an empty key", () => Buffer.from("{}").toString("base64url")],
    [
      "a key of the uploads, not the gallery",
      (ownerId: string) =>
        forged({
          ownerId,
          visibility: "u",
          takenAt: "2024-01-01T00:00:00.000Z",
          mediaId: "med_01J00000000000000000000000",
        }),
    ],
    [
      "a key without its table key",
      (ownerId: string) =>
        Buffer.from(
          JSON.stringify({
            gsi1pk: `$sharespace#ownerId_${ownerId}#visibility_v`,
            gsi1sk: "$media_1#takenAt_x#mediaId_y",
          }),
        ).toString("base64url"),
    ],
    [
      "a key with an id that is no media id",
      (ownerId: string) =>
        forged({ ownerId, visibility: "v", takenAt: "2024-01-01T00:00:00.000Z", mediaId: "usr_x" }),
    ],
  ])("answers invalid_request to %s", async (_label, make) => {
    const owner = await newOwner();
    await visible(owner.id, "2024-01-01T00:00:00Z");
    const error = await failure(
      withActor(owner.id, () => Media.list({ limit: 5, cursor: make(owner.id) })),
    );
    expect(error).toMatchObject({ kind: "invalid", code: "invalid_request" });
  });

  it("accepts a well-formed cursor of the caller's own gallery", async () => {
    const owner = await newOwner();
    const a = await visible(owner.id, "2024-01-02T00:00:00Z");
    const b = await visible(owner.id, "2024-01-01T00:00:00Z");
    const cursor = forged({
      ownerId: owner.id,
      visibility: "v",
      takenAt: a.takenAt,
      mediaId: a.id,
    });
    const page = await withActor(owner.id, () => Media.list({ limit: 5, cursor }));
    expect(page.items.map((i) => i.id)).toEqual([b.id]);
  });
});

describe("what the gallery shows", () => {
  it("lists processing, ready and failed items, not uploads; URLs only for ready ones", async () => {
    const owner = await newOwner();
    const uploading = await upload(owner.id, { lastModified: "2024-01-04T00:00:00Z" });
    const processing = await visible(owner.id, "2024-01-03T00:00:00Z");
    const failed = await upload(owner.id, { lastModified: "2024-01-02T00:00:00Z" });
    await Media.markFailed(refOf(failed.media), "Not a photo.");
    const ready = await visible(owner.id, "2024-01-01T00:00:00Z");
    await Media.markReady({ ownerId: owner.id, mediaId: ready.id }, { size: 1000 });
    const page = await withActor(owner.id, () => Media.list({ limit: 30 }));
    expect(page.items.map((i) => [i.id, i.status, Boolean(i.urls)])).toEqual([
      [processing.id, "processing", false],
      [failed.media.id, "failed", false],
      [ready.id, "ready", true],
    ]);
    expect(page.items.map((i) => i.id)).not.toContain(uploading.media.id);
    expect(page.nextCursor).toBeNull();
  });

  it("shows a ready item's URLs: the stored type, a download under the original name, an hour at most", async () => {
    const owner = await newOwner();
    const { media } = await upload(owner.id, {
      filename: "Été 2024.png",
      contentType: "image/png",
    });
    await Media.startProcessing(refOf(media));
    await Media.markReady(refOf(media), { size: 1000, derivatives: ["thumbnail"] });
    const { urls } = await withActor(owner.id, () => Media.get(media.id));
    if (!urls) throw new Error("expected urls");
    expect(urls.preview).toBeUndefined();
    const original = new URL(urls.original);
    expect(original.searchParams.get("response-content-type")).toBe("image/png");
    expect(Number(original.searchParams.get("X-Amz-Expires"))).toBeLessThanOrEqual(3600);
    const download = new URL(urls.download).searchParams.get("response-content-disposition");
    expect(download).toContain("attachment");
    expect(download).toContain("filename*=UTF-8''%C3%89t%C3%A9%202024.png");
    expect(new URL(urls.thumbnail ?? "").searchParams.get("response-content-type")).toBe(
      "image/webp",
    );
  });
});
