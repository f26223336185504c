/**
 * The status transitions Process relies on: each counts exactly once, whatever the order
 * and number of calls (S3 and the queue deliver events at least once).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Media } from "../../src/media";
import { failure, useCoreTestEnv, withActor } from "./harness";
import { counts, expectConsistent, freshChecksum, newOwner, upload } from "./media-support";

beforeAll(async () => {
  await useCoreTestEnv();
});

const refOf = (media: Media.Info) => ({ ownerId: media.ownerId, mediaId: media.id });

describe("startProcessing", () => {
  it("moves an upload into the gallery and its month, once", async () => {
    const user = await newOwner();
    const { media } = await upload(user.id, { lastModified: "2024-03-05T10:00:00.000Z" });
    expect((await withActor(user.id, () => Media.list({ limit: 30 }))).items).toEqual([]);

    const first = await Media.startProcessing(refOf(media));
    const again = await Media.startProcessing(refOf(media));

    expect(first).toMatchObject({ changed: true, item: { status: "processing" } });
    expect(again).toMatchObject({ changed: false, item: { status: "processing" } });
    const listed = await withActor(user.id, () => Media.list({ limit: 30 }));
    expect(listed.items.map((i) => [i.id, i.status])).toEqual([[media.id, "processing"]]);
    expect((await counts(user.id)).months).toEqual({ "2024-03": 1 });
    await expectConsistent(user.id);
  });

  it("answers the item exactly as stored, with or without a checksum (not read back)", async () => {
    const user = await newOwner();
    const plain = await upload(user.id);
    const claimed = await upload(user.id, { checksum: freshChecksum() });

    for (const { media } of [plain, claimed]) {
      const moved = await Media.startProcessing(refOf(media));
      expect(moved).toMatchObject({ changed: true, item: { status: "processing" } });
      expect(moved.item).toEqual(await Media.read(media.id));
    }
    await expectConsistent(user.id);
  });

  it("finds nothing for a key whose owner is not the item's", async () => {
    const [ada, eve] = await Promise.all([newOwner(), newOwner()]);
    const { media } = await upload(ada.id);
    expect(await Media.startProcessing({ ownerId: eve.id, mediaId: media.id })).toEqual({
      changed: false,
      item: undefined,
    });
    expect((await Media.read(media.id))?.status).toBe("uploading");
  });
});

describe("markReady", () => {
  it("records what processing found, counts the real size, and moves the month to the capture time", async () => {
    const user = await newOwner();
    const { media } = await upload(user.id, { size: 5000, lastModified: "2025-01-10T00:00:00Z" });
    await Media.startProcessing(refOf(media));

    const ready = await Media.markReady(refOf(media), {
      size: 5000,
      width: 4000,
      height: 3000,
      takenAt: "2019-07-14T08:30:00+02:00",
      takenAtSource: "exif",
      placeholder: "1QcSHQRnh493V4dIh4eXh1h4kJUI",
      derivatives: ["thumbnail", "preview"],
      gps: true,
    });

    expect(ready.changed).toBe(true);
    expect(ready.item).toMatchObject({
      status: "ready",
      takenAt: "2019-07-14T06:30:00.000Z",
      takenAtSource: "exif",
      width: 4000,
      height: 3000,
      gps: true,
    });
    expect(ready.item?.deadlineAt).toBeUndefined();
    expect([...(ready.item?.derivatives ?? [])].sort()).toEqual(["preview", "thumbnail"]);
    expect(await counts(user.id)).toEqual({
      bytes: 5000,
      count: 1,
      reservedBytes: 5000,
      months: { "2019-07": 1 },
    });
    const info = await withActor(user.id, () => Media.get(media.id));
    expect(Object.keys(info.urls ?? {}).sort()).toEqual([
      "download",
      "original",
      "preview",
      "thumbnail",
    ]);
  });

  it("answers the item exactly as stored (it is not read back after the write)", async () => {
    const user = await newOwner();
    const { media } = await upload(user.id, { size: 900, lastModified: "2025-03-01T00:00:00Z" });
    await Media.startProcessing(refOf(media));
    // Derivatives already there (a poster that came early) stay beside the new ones.
    await Media.addDerivatives(refOf(media), { derivatives: ["poster"] });

    const ready = await Media.markReady(refOf(media), {
      size: 900,
      width: 30,
      height: 20,
      takenAt: "2024-12-31T23:00:00Z",
      placeholder: "abc",
      derivatives: ["thumbnail", "preview"],
      gps: false,
    });

    const stored = await Media.read(media.id);
    const sorted = (item: Media.Item | undefined) =>
      item && { ...item, derivatives: [...(item.derivatives ?? [])].sort() };
    expect(ready.changed).toBe(true);
    expect(sorted(ready.item)).toEqual(sorted(stored));
    expect(sorted(ready.item)?.derivatives).toEqual(["poster", "preview", "thumbnail"]);
    expect(ready.item?.sweepShard).toBeUndefined();
  });

  it("counts once when the same event is processed many times at once", async () => {
    const user = await newOwner();
    const { media } = await upload(user.id, { size: 700 });
    await Promise.all(Array.from({ length: 4 }, () => Media.startProcessing(refOf(media))));

    const results = await Promise.all(
      Array.from({ length: 6 }, () => Media.markReady(refOf(media), { size: 700, width: 1 })),
    );

    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect(await counts(user.id)).toMatchObject({ bytes: 700, count: 1, reservedBytes: 700 });
    await expectConsistent(user.id);
  });

  it("keeps a capture time the owner set", async () => {
    const user = await newOwner();
    const { media } = await upload(user.id);
    await Media.startProcessing(refOf(media));
    await withActor(user.id, () => Media.update(media.id, { takenAt: "2001-02-03T04:05:06.000Z" }));

    const ready = await Media.markReady(refOf(media), {
      size: 1000,
      takenAt: "2020-01-01T00:00:00Z",
    });

    expect(ready.item).toMatchObject({
      takenAt: "2001-02-03T04:05:06.000Z",
      takenAtSource: "manual",
    });
    await expectConsistent(user.id);
  });

  it("does nothing to an upload processing has not started, or to a failed item", async () => {
    const user = await newOwner();
    const { media } = await upload(user.id);
    expect((await Media.markReady(refOf(media), { size: 1000 })).changed).toBe(false);
    await Media.markFailed(refOf(media), "Not a JPEG.");
    expect((await Media.markReady(refOf(media), { size: 1000 })).changed).toBe(false);
    expect((await Media.read(media.id))?.status).toBe("failed");
    await expectConsistent(user.id);
  });

  it("refuses what is not a size or a time (a caller's bug, not data)", async () => {
    const ref = { ownerId: "usr_x", mediaId: "med_x" };
    expect(() => Media.markReady(ref, { size: -1 })).toThrow(RangeError);
    expect(() => Media.markReady(ref, { size: 1, takenAt: "yesterday" })).toThrow(RangeError);
  });
});

describe("markFailed", () => {
  it("releases the reservation and the checksum, and shows the item with its reason", async () => {
    const user = await newOwner();
    const checksum = freshChecksum();
    const { media } = await upload(user.id, { size: 4242, checksum });
    await Media.startProcessing(refOf(media));

    const failed = await Media.markFailed(refOf(media), "The bytes are not a JPEG.");
    const again = await Media.markFailed(refOf(media), "Again.");

    expect(failed).toMatchObject({
      changed: true,
      item: { status: "failed", failure: "The bytes are not a JPEG." },
    });
    expect(again.changed).toBe(false);
    expect(await counts(user.id)).toMatchObject({ bytes: 0, count: 0, reservedBytes: 0 });
    const info = await withActor(user.id, () => Media.get(media.id));
    expect(info).toMatchObject({ status: "failed", failure: "The bytes are not a JPEG." });
    expect(info.urls).toBeUndefined();
    // The same bytes may be uploaded again.
    const retry = await upload(user.id, { size: 4242, checksum });
    expect(retry.media.id).not.toBe(media.id);
    await expectConsistent(user.id);
  });

  it("puts an upload that failed before processing into the gallery, counted in its month", async () => {
    const user = await newOwner();
    const { media } = await upload(user.id, { lastModified: "2023-06-01T00:00:00Z" });
    await Media.markFailed(refOf(media), "The object is not what was declared.");
    expect((await counts(user.id)).months).toEqual({ "2023-06": 1 });
    await expectConsistent(user.id);
  });
});

describe("addDerivatives", () => {
  it("adds a video's thumbnail and placeholder once its poster is processed, without counting bytes", async () => {
    const user = await newOwner();
    const { media } = await upload(user.id, { contentType: "video/mp4", filename: "clip.mp4" });
    await Media.startProcessing(refOf(media));
    await Media.markReady(refOf(media), {
      size: 1000,
      durationSeconds: 12.5,
      width: 1920,
      height: 1080,
    });
    const before = await withActor(user.id, () => Media.get(media.id));
    expect(before.urls?.thumbnail).toBeUndefined();

    const added = await Media.addDerivatives(refOf(media), {
      derivatives: ["thumbnail", "preview", "poster"],
      placeholder: "abc",
    });

    expect(added.changed).toBe(true);
    const after = await withActor(user.id, () => Media.get(media.id));
    expect(after).toMatchObject({ placeholder: "abc", durationSeconds: 12.5 });
    expect(after.urls?.thumbnail).toEqual(expect.stringContaining("thumbnail.webp"));
    expect(await counts(user.id)).toMatchObject({ bytes: 1000, count: 1 });
  });

  it("does nothing to an upload or a failed item", async () => {
    const user = await newOwner();
    const { media } = await upload(user.id, { contentType: "video/mp4" });
    expect((await Media.addDerivatives(refOf(media), { derivatives: ["thumbnail"] })).changed).toBe(
      false,
    );
    expect(
      (
        await failure(
          withActor(user.id, () =>
            Media.posterUpload("med_nothing", { contentType: "image/webp", size: 10 }),
          ),
        )
      ).code,
    ).toBe("not_found");
  });
});
