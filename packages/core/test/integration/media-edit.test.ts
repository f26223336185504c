/**
 * Edits and deletes in the core tier: counts that stay the sums of the items under races,
 * and objects that go with their records.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Media } from "../../src/media";
import { ObjectKey, Storage } from "../../src/storage";
import { failure, useCoreTestEnv, withActor } from "./harness";
import { counts, expectConsistent, freshChecksum, newOwner, upload } from "./media-support";

beforeAll(async () => {
  await useCoreTestEnv();
});

const refOf = (media: Media.Info) => ({ ownerId: media.ownerId, mediaId: media.id });

/** A ready item (no objects: edits never touch them). */
async function ready(ownerId: string, input: Parameters<typeof upload>[1] = {}) {
  const { media } = await upload(ownerId, input);
  await Media.startProcessing(refOf(media));
  await Media.markReady(refOf(media), { size: media.size });
  return media;
}

/** A ready item with its original and derivatives stored. */
async function readyWithObjects(ownerId: string, input: Parameters<typeof upload>[1] = {}) {
  const { media } = await upload(ownerId, input);
  const bytes = new Uint8Array(media.size).fill(7);
  await Storage.write(ObjectKey.original(ownerId, media.id), bytes, media.contentType);
  await Storage.derived.write(ownerId, media.id, "thumbnail", bytes, "image/webp");
  await Media.startProcessing(refOf(media));
  await Media.markReady(refOf(media), { size: media.size, derivatives: ["thumbnail"] });
  return media;
}

async function objectsOf(ownerId: string, mediaId: string) {
  const keys: string[] = [];
  for (const prefix of ObjectKey.ownerPrefixes(ownerId)) {
    for await (const batch of Storage.keysUnder(prefix)) keys.push(...batch);
  }
  return keys.filter((key) => key.includes(mediaId));
}

describe("update", () => {
  it("changes title and description, and moves the month count with takenAt", async () => {
    const owner = await newOwner();
    const media = await ready(owner.id, { lastModified: "2024-01-15T00:00:00Z" });
    const info = await withActor(owner.id, () =>
      Media.update(media.id, {
        title: "Harbour",
        description: "Early morning",
        takenAt: "2019-03-01T06:00:00.000Z",
      }),
    );
    expect(info).toMatchObject({
      title: "Harbour",
      description: "Early morning",
      takenAt: "2019-03-01T06:00:00.000Z",
    });
    expect((await counts(owner.id)).months).toEqual({ "2019-03": 1 });
    const listed = await withActor(owner.id, () =>
      Media.list({ limit: 5, until: "2019-12-31T00:00:00Z" }),
    );
    expect(listed.items.map((i) => i.id)).toEqual([media.id]);
  });

  it("keeps the counts right under a burst of concurrent date changes", async () => {
    const owner = await newOwner();
    const media = await ready(owner.id, { lastModified: "2024-01-15T00:00:00Z" });
    const months = ["2018-01", "2018-02", "2018-03", "2018-04", "2018-05", "2018-06"];
    const results = await Promise.allSettled(
      months.map((m) =>
        withActor(owner.id, () => Media.update(media.id, { takenAt: `${m}-10T00:00:00.000Z` })),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled").length).toBeGreaterThan(0);
    const [item] = await expectConsistent(owner.id);
    expect(months).toContain(item?.takenAt.slice(0, 7));
  });

  it("changes only the caller's own items: anybody else gets not_found", async () => {
    const [owner, stranger] = await Promise.all([newOwner(), newOwner()]);
    const { media } = await upload(owner.id);
    const error = await failure(
      withActor(stranger.id, () => Media.update(media.id, { title: "x" })),
    );
    expect(error.code).toBe("not_found");
    expect((await Media.read(media.id))?.title).toBe("");
  });
});

describe("remove", () => {
  it("removes the records, the objects, the usage and the month count", async () => {
    const owner = await newOwner();
    const checksum = freshChecksum();
    const media = await readyWithObjects(owner.id, { size: 1234, checksum });
    expect(await objectsOf(owner.id, media.id)).toHaveLength(2);

    await withActor(owner.id, () => Media.remove(media.id));

    expect(await Media.read(media.id)).toBeUndefined();
    expect(await objectsOf(owner.id, media.id)).toEqual([]);
    expect(await counts(owner.id)).toEqual({ bytes: 0, count: 0, reservedBytes: 0, months: {} });
    expect((await withActor(owner.id, () => Media.timeline())).months).toEqual([]);
    // The checksum is free again.
    expect((await upload(owner.id, { size: 1234, checksum })).media.id).not.toBe(media.id);
  });

  it("counts once under a burst of parallel deletes of one item", async () => {
    const owner = await newOwner();
    const keep = await ready(owner.id, { size: 500 });
    const media = await readyWithObjects(owner.id, { size: 800 });
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => withActor(owner.id, () => Media.remove(media.id))),
    );
    // Each call either removed it, found it removed meanwhile, or arrived after: not_found.
    for (const r of results) {
      if (r.status === "rejected") expect(r.reason.code).toBe("not_found");
    }
    expect(results.filter((r) => r.status === "fulfilled" && r.value === true)).toHaveLength(1);
    expect(await counts(owner.id)).toMatchObject({ bytes: 500, count: 1, reservedBytes: 500 });
    expect((await Media.read(keep.id))?.status).toBe("ready");
    await expectConsistent(owner.id);
  });

  it("removes an item while it is processing, and the transition that comes late changes nothing", async () => {
    const owner = await newOwner();
    const { media } = await upload(owner.id, { size: 300 });
    await Media.startProcessing(refOf(media));
    await withActor(owner.id, () => Media.remove(media.id));
    expect(await Media.markReady(refOf(media), { size: 300 })).toEqual({
      changed: false,
      item: undefined,
    });
    expect(await counts(owner.id)).toEqual({ bytes: 0, count: 0, reservedBytes: 0, months: {} });
  });

  it("aborts an upload in flight: parts, item and reservation", async () => {
    const owner = await newOwner();
    const { media, upload: ticket } = await upload(owner.id, {
      size: 70 * 1024 ** 2,
      contentType: "video/mp4",
    });
    if (!("multipart" in ticket)) throw new Error("expected multipart");
    const key = ObjectKey.original(owner.id, media.id);
    const [part] = await Storage.multipart.signParts({
      key,
      uploadId: ticket.multipart.uploadId,
      partNumbers: [1],
      expiresInSeconds: 60,
    });
    await fetch(part?.url ?? "", { method: "PUT", body: new Uint8Array(16 * 1024 ** 2) });
    await withActor(owner.id, () => Media.abort(media.id));
    expect(
      await Storage.multipart.listParts({ key, uploadId: ticket.multipart.uploadId }),
    ).toBeUndefined();
    expect(await Media.read(media.id)).toBeUndefined();
    expect((await counts(owner.id)).reservedBytes).toBe(0);
  });

  it("refuses to abort an upload that finished: that is a delete", async () => {
    const owner = await newOwner();
    const { media } = await upload(owner.id);
    await Media.startProcessing(refOf(media));
    expect((await failure(withActor(owner.id, () => Media.abort(media.id)))).code).toBe("conflict");
  });
});

describe("removeMany", () => {
  it("deletes the caller's items and reports everything else as notFound, indistinguishably", async () => {
    const [owner, stranger] = await Promise.all([newOwner(), newOwner()]);
    const a = await ready(owner.id, { size: 100 });
    const b = await upload(owner.id, { size: 200 });
    const theirs = await upload(stranger.id, { size: 300 });
    const unknown = "med_01JZZZZZZZZZZZZZZZZZZZZZZZ";
    const result = await withActor(owner.id, () =>
      Media.removeMany([a.id, theirs.media.id, b.media.id, unknown, "not-an-id", a.id]),
    );
    expect(result).toEqual({
      deleted: [a.id, b.media.id],
      notFound: [theirs.media.id, unknown, "not-an-id"],
    });
    expect(await Media.read(theirs.media.id)).toBeDefined();
    expect(await counts(owner.id)).toEqual({ bytes: 0, count: 0, reservedBytes: 0, months: {} });
    expect((await counts(stranger.id)).reservedBytes).toBe(300);
  });
});
