/**
 * Starting uploads in the core tier: the type, size and quota rules, duplicates, and the
 * reservation holding under parallel requests.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { limits } from "../../src/limits";
import { Media } from "../../src/media";
import { Storage } from "../../src/storage";
import { failure, useCoreTestEnv, withActor } from "./harness";
import { counts, expectConsistent, freshChecksum, newOwner, upload } from "./media-support";

beforeAll(async () => {
  await useCoreTestEnv();
});

const GiB = 1024 ** 3;
const refOf = (media: Media.Info) => ({ ownerId: media.ownerId, mediaId: media.id });

afterEach(() => {
  delete process.env.SHARESPACE_QUOTA_BYTES;
  delete process.env.SHARESPACE_MAX_FILE_BYTES;
});

describe("the type", () => {
  it.each([
    "image/svg+xml",
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "application/octet-stream",
    "IMAGE/JPEG",
    "",
  ])("refuses %j as unsupported_media_type, creating nothing", async (contentType) => {
    const user = await newOwner();
    const error = await failure(upload(user.id, { contentType }));
    expect(error).toMatchObject({ kind: "unsupported", code: "unsupported_media_type" });
    expect(await counts(user.id)).toMatchObject({ reservedBytes: 0 });
  });

  it.each(["image/heic", "image/heif", "image/avif", "video/quicktime"])(
    "accepts %s",
    async (contentType) => {
      const user = await newOwner();
      expect((await upload(user.id, { contentType })).media.contentType).toBe(contentType);
    },
  );
});

describe("the size", () => {
  it("takes a file of exactly the maximum (50 GiB by default) and refuses one byte more", async () => {
    const user = await newOwner();
    const max = limits.media.maxFileBytes;
    const error = await failure(upload(user.id, { size: max + 1, contentType: "video/mp4" }));
    expect(error).toMatchObject({ kind: "too_large", code: "file_too_large" });
    const { upload: ticket } = await upload(user.id, { size: max, contentType: "video/mp4" });
    expect(ticket).toMatchObject({ multipart: { partCount: expect.any(Number) } });
  });

  it("reads the maximum from the deployment's setting", async () => {
    process.env.SHARESPACE_MAX_FILE_BYTES = "5000";
    const user = await newOwner();
    expect((await failure(upload(user.id, { size: 5001 }))).code).toBe("file_too_large");
    expect((await upload(user.id, { size: 5000 })).media.size).toBe(5000);
  });

  it("answers a single PUT up to 64 MiB and multipart above, never more than 10,000 parts", async () => {
    const user = await newOwner();
    const put = await upload(user.id, { size: limits.media.singlePutMaxBytes });
    expect(put.upload).toMatchObject({
      method: "PUT",
      headers: { "content-type": "image/jpeg", "content-length": String(64 * 1024 ** 2) },
    });
    const over = await upload(user.id, { size: limits.media.singlePutMaxBytes + 1 });
    expect(over.upload).toMatchObject({ multipart: { partSize: 16 * 1024 ** 2, partCount: 5 } });
    for (const size of [limits.media.maxFileBytes, 160 * GiB, 200 * GiB + 7]) {
      const partSize = Media.partSizeFor(size);
      expect(Math.ceil(size / partSize)).toBeLessThanOrEqual(10_000);
      expect(partSize % (1024 * 1024)).toBe(0);
    }
  });

  it("makes every upload URL expire within 15 minutes", async () => {
    const user = await newOwner();
    const { upload: ticket } = await upload(user.id, { checksum: freshChecksum() });
    if (!("url" in ticket)) throw new Error("expected a single PUT");
    const expires = Number(new URL(ticket.url).searchParams.get("X-Amz-Expires"));
    expect(expires).toBeGreaterThan(0);
    expect(expires).toBeLessThanOrEqual(15 * 60);
    expect(ticket.headers["x-amz-checksum-sha256"]).toBeDefined();
  });
});

describe("the quota", () => {
  it("counts uploads in flight, and refuses the one that would go over (100 GiB by default)", async () => {
    const user = await newOwner();
    await upload(user.id, { size: 40 * GiB, contentType: "video/mp4" });
    await upload(user.id, { size: 40 * GiB, contentType: "video/mp4" });
    const error = await failure(upload(user.id, { size: 30 * GiB, contentType: "video/mp4" }));
    expect(error).toMatchObject({ kind: "too_large", code: "quota_exceeded" });
    const fits = await upload(user.id, { size: 20 * GiB, contentType: "video/mp4" });
    expect(fits.media.size).toBe(20 * GiB);
    expect((await counts(user.id)).reservedBytes).toBe(100 * GiB);
  });

  it("lets exactly the parallel uploads that fit succeed, never reserving more than the quota", async () => {
    process.env.SHARESPACE_QUOTA_BYTES = "10000";
    const user = await newOwner();
    // Watch the reservation while the uploads race, not only once they are done.
    let highest = 0;
    let racing = true;
    const watching = (async () => {
      while (racing) {
        highest = Math.max(highest, (await counts(user.id)).reservedBytes);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => upload(user.id, { size: 3000 })),
    );
    racing = false;
    await watching;
    expect(highest).toBeLessThanOrEqual(10000);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(won).toHaveLength(3);
    expect(lost.map((e) => e.code)).toEqual(Array(7).fill("quota_exceeded"));
    expect((await counts(user.id)).reservedBytes).toBe(9000);
    await expectConsistent(user.id);
  });

  it("gives the bytes back when an upload is aborted or fails, and counts a ready item's real size", async () => {
    process.env.SHARESPACE_QUOTA_BYTES = "10000";
    const user = await newOwner();
    const a = await upload(user.id, { size: 6000 });
    expect((await failure(upload(user.id, { size: 6000 }))).code).toBe("quota_exceeded");
    await withActor(user.id, () => Media.abort(a.media.id));
    const b = await upload(user.id, { size: 6000 });
    await Media.startProcessing(refOf(b.media));
    await Media.markFailed(refOf(b.media), "Not an image.");
    const c = await upload(user.id, { size: 6000 });
    await Media.startProcessing(refOf(c.media));
    await Media.markReady(refOf(c.media), { size: 6000 });
    expect(await counts(user.id)).toMatchObject({ bytes: 6000, count: 1, reservedBytes: 6000 });
    expect((await failure(upload(user.id, { size: 4001 }))).code).toBe("quota_exceeded");
    await expectConsistent(user.id);
  });

  it("is each user's own", async () => {
    process.env.SHARESPACE_QUOTA_BYTES = "1000";
    const [ada, bob] = await Promise.all([newOwner(), newOwner()]);
    await upload(ada.id, { size: 1000 });
    expect((await upload(bob.id, { size: 1000 })).media.ownerId).toBe(bob.id);
  });
});

describe("duplicates", () => {
  it("answers duplicate with the existing id once the first is processing or ready", async () => {
    const user = await newOwner();
    const checksum = freshChecksum();
    const first = await upload(user.id, { checksum });
    await Media.startProcessing(refOf(first.media));
    const processing = await failure(upload(user.id, { checksum }));
    expect(processing).toMatchObject({
      kind: "conflict",
      code: "duplicate",
      extra: { mediaId: first.media.id },
    });
    await Media.markReady(refOf(first.media), { size: 1000 });
    expect((await failure(upload(user.id, { checksum }))).extra.mediaId).toBe(first.media.id);
    expect((await counts(user.id)).reservedBytes).toBe(1000);
  });

  it("answers duplicate to every one of a burst of the same bytes", async () => {
    const user = await newOwner();
    const checksum = freshChecksum();
    const first = await upload(user.id, { checksum });
    await Media.startProcessing(refOf(first.media));
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => upload(user.id, { checksum })),
    );
    expect(results.map((r) => r.status === "rejected" && r.reason.code)).toEqual(
      Array(5).fill("duplicate"),
    );
    await expectConsistent(user.id);
  });

  it("lets another user upload the same bytes", async () => {
    const [ada, bob] = await Promise.all([newOwner(), newOwner()]);
    const checksum = freshChecksum();
    const mine = await upload(ada.id, { checksum });
    await Media.startProcessing(refOf(mine.media));
    expect((await upload(bob.id, { checksum })).media.ownerId).toBe(bob.id);
  });

  it("takes over from an upload never finished, and frees the bytes once the original is deleted", async () => {
    const user = await newOwner();
    const checksum = freshChecksum();
    const abandoned = await upload(user.id, { checksum });
    const again = await upload(user.id, { checksum });
    expect(again.media.id).not.toBe(abandoned.media.id);
    await Media.startProcessing(refOf(again.media));
    expect((await failure(upload(user.id, { checksum }))).extra.mediaId).toBe(again.media.id);
    await withActor(user.id, () => Media.remove(again.media.id));
    expect((await upload(user.id, { checksum })).media.id).toBeDefined();
    await expectConsistent(user.id);
  });
});

describe("completing a multipart upload", () => {
  const MiB = 1024 ** 2;
  /** Sends parts of the given sizes (part 1 first) to the upload, through presigned URLs. */
  async function send(ownerId: string, mediaId: string, sizes: Record<number, number>) {
    const numbers = Object.keys(sizes).map(Number);
    const { parts } = await withActor(ownerId, () => Media.signParts(mediaId, numbers));
    for (const part of parts) {
      const body = new Uint8Array(sizes[part.partNumber] ?? 0);
      const sent = await fetch(part.url, { method: "PUT", body });
      expect(sent.status).toBe(200);
    }
  }

  it("refuses parts that hold more than was reserved, then completes with what S3 holds", async () => {
    const owner = await newOwner();
    // 65 MiB: four parts of 16 MiB and a last one of 1 MiB.
    const { media } = await upload(owner.id, { size: 65 * MiB, contentType: "video/mp4" });
    await send(owner.id, media.id, {
      1: 16 * MiB,
      2: 16 * MiB,
      3: 16 * MiB,
      4: 16 * MiB,
      5: 2 * MiB,
    });

    const error = await failure(withActor(owner.id, () => Media.complete(media.id, {})));
    expect(error.code).toBe("invalid_request");
    expect(error.message).toBe("Part 5 has 2097152 bytes; it must have 1048576.");
    expect((await Media.read(media.id))?.status).toBe("uploading");

    // The client sends the right last part again; without a parts list, what S3 holds counts.
    await send(owner.id, media.id, { 5: 1 * MiB });
    const info = await withActor(owner.id, () => Media.complete(media.id, {}));
    expect(info.status).toBe("processing");
    expect((await Storage.head(`originals/${owner.id}/${media.id}`))?.size).toBe(65 * MiB);
    await expectConsistent(owner.id);
  });
});

describe("the item", () => {
  it("stores a sanitised filename, lastModified as takenAt, and no reserved multipart when refused", async () => {
    process.env.SHARESPACE_QUOTA_BYTES = String(100 * 1024 ** 2);
    const user = await newOwner();
    const { media } = await upload(user.id, {
      filename: "../secret/Été\u0000.jpg",
      lastModified: "2021-05-06T07:08:09.000Z",
    });
    expect(media).toMatchObject({
      filename: "Été.jpg",
      takenAt: "2021-05-06T07:08:09.000Z",
      status: "uploading",
      title: "",
      description: "",
    });
    expect(media.urls).toBeUndefined();
    // Over quota: the multipart upload S3 started for it is aborted, not left behind.
    const keysBefore = await countObjects(user.id);
    expect((await failure(upload(user.id, { size: 200 * 1024 ** 2 }))).code).toBe("quota_exceeded");
    expect(await countObjects(user.id)).toBe(keysBefore);
  });
});

async function countObjects(ownerId: string) {
  let n = 0;
  for await (const keys of Storage.keysUnder(`originals/${ownerId}/`)) n += keys.length;
  return n;
}
