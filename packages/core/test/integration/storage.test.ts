import { createHash, randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { ObjectKey, Storage } from "../../src/storage";
import { clock } from "../../src/time";
import { useCoreTestEnv } from "./harness";

// Against s3rver. It honours presigned URLs' expiry and response overrides, but checks no
// signatures: it cannot refuse a PUT whose headers differ from the signed ones, so those
// tests check what S3 enforces, the signed headers, instead.

beforeAll(async () => {
  await useCoreTestEnv();
});

let n = 0;
const ids = () => ({ ownerId: "usr_STORAGE", mediaId: `med_${Date.now()}_${n++}` });
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("base64");
const signedHeaders = (url: string) =>
  new URL(url).searchParams.get("X-Amz-SignedHeaders")?.split(";") ?? [];

describe("a presigned PUT", () => {
  it("uploads with exactly the headers it names, and binds them as signed headers", async () => {
    const { ownerId, mediaId } = ids();
    const key = ObjectKey.original(ownerId, mediaId);
    const bytes = randomBytes(2048);
    const put = await Storage.presignPut({
      key,
      contentType: "image/jpeg",
      contentLength: bytes.length,
      checksumSha256: sha256(bytes),
      expiresInSeconds: 900,
    });
    expect(put.method).toBe("PUT");
    expect(put.headers).toEqual({
      "content-type": "image/jpeg",
      "content-length": "2048",
      "x-amz-checksum-sha256": sha256(bytes),
    });
    // What makes S3 refuse another type, length or checksum: all three are signed, and the
    // checksum travels as a header S3 verifies against the bytes, not in the query.
    expect(signedHeaders(put.url)).toEqual(
      expect.arrayContaining(["content-type", "content-length", "x-amz-checksum-sha256", "host"]),
    );
    expect(new URL(put.url).searchParams.has("x-amz-checksum-sha256")).toBe(false);
    expect(new URL(put.url).searchParams.has("x-amz-checksum-crc32")).toBe(false);

    const res = await fetch(put.url, { method: "PUT", headers: put.headers, body: bytes });
    expect(res.status).toBe(200);
    expect(await Storage.head(key)).toMatchObject({ size: 2048, contentType: "image/jpeg" });
    expect(Buffer.from((await Storage.read(key)) ?? [])).toEqual(bytes);
  });

  it("leaves the checksum out when none was promised", async () => {
    const put = await Storage.presignPut({
      key: ObjectKey.original("usr_STORAGE", "med_nochecksum"),
      contentType: "video/mp4",
      contentLength: 10,
      expiresInSeconds: 900,
    });
    expect(Object.keys(put.headers).sort()).toEqual(["content-length", "content-type"]);
    expect(signedHeaders(put.url)).not.toContain("x-amz-checksum-sha256");
  });

  it("expires: a URL signed by core's clock an hour ago is refused", async () => {
    const realNow = clock.now;
    onTestFinished(() => {
      clock.now = realNow;
    });
    const start = realNow();
    clock.now = () => start - 60 * 60 * 1000;
    const put = await Storage.presignPut({
      key: ObjectKey.original("usr_STORAGE", "med_expired"),
      contentType: "image/png",
      contentLength: 3,
      expiresInSeconds: 900,
    });
    expect(Date.parse(put.expiresAt)).toBe(start - 60 * 60 * 1000 + 900 * 1000);
    clock.now = realNow;
    const res = await fetch(put.url, { method: "PUT", headers: put.headers, body: "abc" });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Request has expired");
  });
});

describe("a multipart upload", () => {
  const MiB = 1024 ** 2;

  it("sizes parts so no file needs more than 10,000", () => {
    expect(Storage.multipart.partSize(10 * MiB)).toBe(5 * MiB);
    expect(Storage.multipart.partSize(50 * 1024 ** 3)).toBe(6 * MiB);
    expect(
      Math.ceil((50 * 1024 ** 3) / Storage.multipart.partSize(50 * 1024 ** 3)),
    ).toBeLessThanOrEqual(10_000);
  });

  it("is listed part by part, resumes, completes byte-identical and is gone afterwards", async () => {
    const { ownerId, mediaId } = ids();
    const key = ObjectKey.original(ownerId, mediaId);
    const bytes = randomBytes(5 * MiB + 1234);
    const chunks = [bytes.subarray(0, 5 * MiB), bytes.subarray(5 * MiB)];
    const { uploadId } = await Storage.multipart.create({ key, contentType: "video/mp4" });
    const urls = await Storage.multipart.signParts({
      key,
      uploadId,
      partNumbers: [1, 2],
      expiresInSeconds: 900,
    });
    expect(urls.map((u) => u.partNumber)).toEqual([1, 2]);
    expect(await Storage.multipart.listParts({ key, uploadId })).toEqual([]);

    // Part 1 goes up, then the "browser" goes away.
    const first = await fetch(urls[0]?.url ?? "", { method: "PUT", body: chunks[0] });
    expect(first.status).toBe(200);
    const listed = await Storage.multipart.listParts({ key, uploadId });
    expect(listed).toEqual([{ partNumber: 1, etag: first.headers.get("etag"), size: 5 * MiB }]);

    // It resumes from the list: only part 2 is sent, with a freshly signed URL.
    const [again] = await Storage.multipart.signParts({
      key,
      uploadId,
      partNumbers: [2],
      expiresInSeconds: 900,
    });
    const second = await fetch(again?.url ?? "", { method: "PUT", body: chunks[1] });
    expect(second.status).toBe(200);
    const parts = (await Storage.multipart.listParts({ key, uploadId })) ?? [];
    expect(parts.map((p) => [p.partNumber, p.size])).toEqual([
      [1, 5 * MiB],
      [2, 1234],
    ]);

    await Storage.multipart.complete({ key, uploadId, parts });
    expect(await Storage.head(key)).toMatchObject({ size: bytes.length, contentType: "video/mp4" });
    expect(sha256((await Storage.read(key)) ?? new Uint8Array())).toBe(sha256(bytes));
    expect(await Storage.multipart.listParts({ key, uploadId })).toBeUndefined();
  });

  it("aborts: the parts are dropped, and aborting twice is fine", async () => {
    const { ownerId, mediaId } = ids();
    const key = ObjectKey.original(ownerId, mediaId);
    const { uploadId } = await Storage.multipart.create({ key, contentType: "video/mp4" });
    const [part] = await Storage.multipart.signParts({
      key,
      uploadId,
      partNumbers: [1],
      expiresInSeconds: 900,
    });
    await fetch(part?.url ?? "", { method: "PUT", body: "tail" });
    await Storage.multipart.abort({ key, uploadId });
    await Storage.multipart.abort({ key, uploadId });
    expect(await Storage.multipart.listParts({ key, uploadId })).toBeUndefined();
    expect(await Storage.head(key)).toBeUndefined();
  });

  it("does not list another key's upload under this one", async () => {
    const a = ObjectKey.original("usr_STORAGE", ids().mediaId);
    const { uploadId } = await Storage.multipart.create({ key: a, contentType: "video/mp4" });
    const b = ObjectKey.original("usr_OTHER", ids().mediaId);
    expect(await Storage.multipart.listParts({ key: b, uploadId })).toBeUndefined();
    await Storage.multipart.abort({ key: a, uploadId });
  });

  it.each([[[0]], [[10_001]], [[1.5]], [Array.from({ length: 101 }, (_, i) => i + 1)]])(
    "refuses to sign part numbers %j",
    async (partNumbers) => {
      await expect(
        Storage.multipart.signParts({
          key: ObjectKey.original("usr_STORAGE", "med_x"),
          uploadId: "u",
          partNumbers,
          expiresInSeconds: 900,
        }),
      ).rejects.toThrow(RangeError);
    },
  );
});

describe("a presigned GET", () => {
  it.each([
    ["an ASCII name", "holiday.jpg", 'attachment; filename="holiday.jpg"'],
    [
      "a Unicode name",
      "Été à Zürich 🌅.jpg",
      `attachment; filename="Ete a Zurich _.jpg"; filename*=UTF-8''%C3%89t%C3%A9%20%C3%A0%20Z%C3%BCrich%20%F0%9F%8C%85.jpg`,
    ],
  ])("downloads %s as an attachment under its original filename", async (_label, name, header) => {
    const { ownerId, mediaId } = ids();
    const key = ObjectKey.original(ownerId, mediaId);
    await Storage.write(key, Buffer.from("jpeg bytes"), "image/jpeg");
    const get = await Storage.presignGet({ key, expiresInSeconds: 3600, downloadAs: name });
    const res = await fetch(get.url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(header);
    expect(await res.text()).toBe("jpeg bytes");
  });

  it("serves the content type it names, inline when no filename is given", async () => {
    const { ownerId, mediaId } = ids();
    const key = ObjectKey.derived(ownerId, mediaId, "preview");
    await Storage.write(key, Buffer.from("webp"), "application/octet-stream");
    const get = await Storage.presignGet({ key, expiresInSeconds: 600, contentType: "image/webp" });
    const res = await fetch(get.url);
    expect(res.headers.get("content-type")).toBe("image/webp");
    expect(res.headers.get("content-disposition")).toBeNull();
  });

  it.each([0, 3601])("refuses a lifetime of %i s (at most one hour)", async (seconds) => {
    await expect(
      Storage.presignGet({ key: "originals/a/b", expiresInSeconds: seconds }),
    ).rejects.toThrow(RangeError);
  });
});

describe("derivatives", () => {
  it("are written, read, headed and removed under derived/", async () => {
    const { ownerId, mediaId } = ids();
    const bytes = randomBytes(300);
    await Storage.derived.write(ownerId, mediaId, "thumbnail", bytes, "image/webp");
    expect(await Storage.derived.head(ownerId, mediaId, "thumbnail")).toMatchObject({
      size: 300,
      contentType: "image/webp",
    });
    expect(Buffer.from((await Storage.derived.read(ownerId, mediaId, "thumbnail")) ?? [])).toEqual(
      bytes,
    );
    await Storage.derived.remove(ownerId, mediaId, "thumbnail");
    expect(await Storage.derived.head(ownerId, mediaId, "thumbnail")).toBeUndefined();
    expect(await Storage.derived.read(ownerId, mediaId, "thumbnail")).toBeUndefined();
  });

  it("reads a byte range of an original (magic bytes)", async () => {
    const key = ObjectKey.original("usr_STORAGE", ids().mediaId);
    await Storage.write(key, Buffer.from("\xff\xd8\xff\xe0rest of a jpeg", "latin1"), "image/jpeg");
    expect([...((await Storage.read(key, { start: 0, end: 2 })) ?? [])]).toEqual([
      0xff, 0xd8, 0xff,
    ]);
  });

  it("are all gone with removeMedia, and another item's are kept", async () => {
    const ownerId = `usr_RM${n++}`;
    const [a, b] = [ids().mediaId, ids().mediaId];
    for (const mediaId of [a, b]) {
      await Storage.write(ObjectKey.original(ownerId, mediaId), Buffer.from("o"), "image/jpeg");
      await Storage.write(ObjectKey.posterUpload(ownerId, mediaId), Buffer.from("p"), "image/webp");
      for (const kind of ["thumbnail", "preview", "clean"] as const) {
        await Storage.derived.write(ownerId, mediaId, kind, Buffer.from(kind), "image/webp");
      }
    }
    await Storage.removeMedia(ownerId, a);
    const left = [];
    for (const prefix of ObjectKey.ownerPrefixes(ownerId)) {
      for await (const keys of Storage.keysUnder(prefix)) left.push(...keys);
    }
    expect(left.sort()).toEqual(
      [
        ObjectKey.original(ownerId, b),
        ObjectKey.posterUpload(ownerId, b),
        ObjectKey.derived(ownerId, b, "thumbnail"),
        ObjectKey.derived(ownerId, b, "preview"),
        ObjectKey.derived(ownerId, b, "clean"),
      ].sort(),
    );
    await Storage.removeOwner(ownerId);
    for (const prefix of ObjectKey.ownerPrefixes(ownerId)) {
      for await (const keys of Storage.keysUnder(prefix)) expect(keys).toEqual([]);
    }
  });
});
