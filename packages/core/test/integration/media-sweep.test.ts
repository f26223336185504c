/**
 * The sweep, with an injected clock: uploads never completed are gone within 24 hours of
 * their start (item, reservation, parts, object), items stuck in processing are retried once
 * and then failed. Its own file: the sweep reads the whole table's sweep index.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { Media } from "../../src/media";
import { ObjectKey, Storage } from "../../src/storage";
import { clock } from "../../src/time";
import { useCoreTestEnv } from "./harness";
import { counts, expectConsistent, freshChecksum, newOwner, upload } from "./media-support";

beforeAll(async () => {
  await useCoreTestEnv();
});

const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});

const HOUR = 60 * 60 * 1000;
const MINUTE = 60 * 1000;
const refOf = (media: Media.Info) => ({ ownerId: media.ownerId, mediaId: media.id });
/** Sweeps as if it were `at`, with the clock there too. */
const sweepAt = (at: number, hooks?: Media.SweepHooks) => {
  clock.now = () => at;
  return Media.sweep(at, hooks);
};

describe("the sweep", () => {
  it("removes uploads never completed within 24 hours, and nothing sooner", async () => {
    const start = Date.UTC(2030, 0, 1, 12);
    clock.now = () => start;
    const owner = await newOwner();
    const checksum = freshChecksum();
    const put = await upload(owner.id, { size: 5000, checksum });
    // The bytes arrived, but processing never ran: the object goes too.
    await Storage.write(
      ObjectKey.original(owner.id, put.media.id),
      new Uint8Array(5000),
      "image/jpeg",
    );
    const big = await upload(owner.id, { size: 80 * 1024 ** 2, contentType: "video/mp4" });
    if (!("multipart" in big.upload)) throw new Error("expected multipart");
    const key = ObjectKey.original(owner.id, big.media.id);
    const { uploadId } = big.upload.multipart;
    const [part] = await Storage.multipart.signParts({
      key,
      uploadId,
      partNumbers: [1],
      expiresInSeconds: 60,
    });
    const sent = await fetch(part?.url ?? "", {
      method: "PUT",
      body: new Uint8Array(16 * 1024 ** 2),
    });
    expect(sent.status).toBe(200);
    expect(await Storage.multipart.listParts({ key, uploadId })).toHaveLength(1);
    const done = await upload(owner.id, { size: 100 });
    await Media.startProcessing(refOf(done.media));
    await Media.markReady(refOf(done.media), { size: 100 });

    expect(await sweepAt(start + 22 * HOUR)).toMatchObject({ abandoned: 0 });
    expect((await counts(owner.id)).reservedBytes).toBe(5000 + 80 * 1024 ** 2 + 100);

    expect(await sweepAt(start + 24 * HOUR)).toEqual({
      abandoned: 2,
      redriven: 0,
      failed: 0,
      more: false,
    });
    expect(await Media.read(put.media.id)).toBeUndefined();
    expect(await Media.read(big.media.id)).toBeUndefined();
    expect(await Storage.head(ObjectKey.original(owner.id, put.media.id))).toBeUndefined();
    expect(await Storage.multipart.listParts({ key, uploadId })).toBeUndefined();
    expect((await Media.read(done.media.id))?.status).toBe("ready");
    expect(await counts(owner.id)).toMatchObject({ reservedBytes: 100, bytes: 100, count: 1 });
    // The checksum is free for the next try.
    expect((await upload(owner.id, { size: 5000, checksum })).media.status).toBe("uploading");
    await expectConsistent(owner.id);
    // A second sweep finds nothing more.
    expect((await sweepAt(start + 25 * HOUR)).abandoned).toBe(0);
  });

  it("fails an item stuck in processing after 15 minutes when nothing can retry it", async () => {
    const start = Date.UTC(2031, 0, 1);
    clock.now = () => start;
    const owner = await newOwner();
    const { media } = await upload(owner.id, { size: 900 });
    await Storage.write(ObjectKey.original(owner.id, media.id), new Uint8Array(900), "image/jpeg");
    await Media.startProcessing(refOf(media));

    expect((await sweepAt(start + 14 * MINUTE)).failed).toBe(0);
    expect(await sweepAt(start + 16 * MINUTE)).toMatchObject({ failed: 1, redriven: 0 });

    expect(await Media.read(media.id)).toMatchObject({ status: "failed" });
    expect(await Storage.head(ObjectKey.original(owner.id, media.id))).toBeUndefined();
    expect((await counts(owner.id)).reservedBytes).toBe(0);
    await expectConsistent(owner.id);
  });

  it("hands a stuck item back to processing once, then fails it", async () => {
    const start = Date.UTC(2032, 0, 1);
    clock.now = () => start;
    const owner = await newOwner();
    const { media } = await upload(owner.id, { size: 900, contentType: "video/mp4" });
    await Media.startProcessing(refOf(media));
    const redriven: Media.StuckItem[] = [];
    const redrive = async (item: Media.StuckItem) => {
      redriven.push(item);
    };

    expect(await sweepAt(start + 16 * MINUTE, { redrive })).toMatchObject({ redriven: 1 });
    expect(redriven).toEqual([
      { mediaId: media.id, ownerId: owner.id, contentType: "video/mp4", size: 900 },
    ]);
    expect(await Media.read(media.id)).toMatchObject({ status: "processing", redrives: 1 });
    expect((await sweepAt(start + 20 * MINUTE, { redrive })).redriven).toBe(0);

    expect(await sweepAt(start + 32 * MINUTE, { redrive })).toMatchObject({
      redriven: 0,
      failed: 1,
    });
    expect(redriven).toHaveLength(1);
    expect((await Media.read(media.id))?.status).toBe("failed");
  });

  it("leaves an item that finished processing in time alone", async () => {
    const start = Date.UTC(2033, 0, 1);
    clock.now = () => start;
    const owner = await newOwner();
    const { media } = await upload(owner.id, { size: 10 });
    await Media.startProcessing(refOf(media));
    await Media.markReady(refOf(media), { size: 10 });
    expect(await sweepAt(start + 48 * HOUR)).toEqual({
      abandoned: 0,
      redriven: 0,
      failed: 0,
      more: false,
    });
    expect((await Media.read(media.id))?.status).toBe("ready");
  });
});
