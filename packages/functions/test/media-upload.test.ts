/**
 * Uploads through the API and the local S3 endpoint, as a client does them. Processing is
 * not under test here (it has its own tests): Process is replaced by a no-op so it cannot
 * race the transitions these tests make through core.
 */
import { Media } from "@sharespace/core/media";
import { ObjectKey, Storage } from "@sharespace/core/storage";
import { clock } from "@sharespace/core/time";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../../local/test/stack";
import { handler as sweepHandler } from "../src/sweep";
import {
  created,
  makeReady,
  putBytes,
  putParts,
  sha256,
  signUp,
  startUpload,
  type TestUser,
  uniqueBytes,
} from "./support/media";

let stack: TestStack;
let ada: TestUser;
let bob: TestUser;
beforeAll(async () => {
  stack = await createTestStack({ handlers: { Process: async () => {} } });
  [ada, bob] = await Promise.all([signUp(stack, "Ada"), signUp(stack, "Bob")]);
});
afterAll(() => stack?.close());

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

describe("POST /api/media refuses", () => {
  it.each([
    ["SVG", "image/svg+xml", "drawing.svg"],
    ["HTML", "text/html", "page.html"],
    ["XHTML", "application/xhtml+xml", "page.xhtml"],
    ["a PDF", "application/pdf", "doc.pdf"],
  ])("%s with 415 unsupported_media_type", async (_label, contentType, filename) => {
    const res = await startUpload(stack, ada, { contentType, filename });
    expect(res.status).toBe(415);
    expect(res.json.error.code).toBe("unsupported_media_type");
  });

  it("a file over the maximum with 413 file_too_large", async () => {
    const res = await startUpload(stack, ada, { size: 50 * GiB + 1, contentType: "video/mp4" });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe("file_too_large");
  });

  it("an upload that would pass the quota with 413 quota_exceeded, counting uploads in flight", async () => {
    const user = await signUp(stack, "Quota");
    for (const size of [45 * GiB, 45 * GiB]) {
      expect((await startUpload(stack, user, { size, contentType: "video/mp4" })).status).toBe(201);
    }
    const res = await startUpload(stack, user, { size: 11 * GiB, contentType: "video/mp4" });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe("quota_exceeded");
    expect(
      (await startUpload(stack, user, { size: 10 * GiB, contentType: "video/mp4" })).status,
    ).toBe(201);
  });

  it.each([
    ["an unknown field", { ownerId: "usr_someone" }],
    ["a checksum that is not base64 SHA-256", { checksum: "abc" }],
    [
      "a hex checksum",
      { checksum: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
    ],
    ["an empty file", { size: 0 }],
    ["a size as a string", { size: "1000" }],
    ["a fractional size", { size: 10.5 }],
    ["a lastModified that is not a time", { lastModified: "yesterday" }],
    ["a lastModified before photography", { lastModified: "1200-01-01T00:00:00Z" }],
    ["a missing filename", { filename: undefined }],
  ])("%s with 400 invalid_request", async (_label, body) => {
    const res = await startUpload(stack, ada, body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_request");
  });
});

describe("a single PUT upload", () => {
  it("is bound to type, length and checksum, expires within 15 minutes, and lands in S3", async () => {
    const bytes = uniqueBytes(2048);
    const { media, upload } = await created(stack, ada, {
      filename: "../../x/Ünïcode\u0007.jpg",
      size: bytes.length,
      checksum: sha256(bytes),
      lastModified: "2022-02-22T22:22:22+01:00",
    });
    expect(media).toMatchObject({
      filename: "Ünïcode.jpg",
      status: "uploading",
      takenAt: "2022-02-22T21:22:22.000Z",
    });
    expect(upload.headers).toEqual({
      "content-type": "image/jpeg",
      "content-length": "2048",
      "x-amz-checksum-sha256": sha256(bytes),
    });
    expect(Date.parse(upload.expiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);
    await putBytes(upload, bytes);
    expect(await Storage.head(ObjectKey.original(ada.id, media.id))).toMatchObject({
      size: 2048,
    });
  });

  it("has no parts to sign, list or complete with, and completes only once its bytes are in", async () => {
    const { media } = await created(stack, ada);
    const sign = await stack.request("POST", `/api/media/${media.id}/upload/parts`, {
      token: ada.token,
      body: { partNumbers: [1] },
    });
    expect(sign.status).toBe(400);
    const withParts = await stack.request("POST", `/api/media/${media.id}/upload/complete`, {
      token: ada.token,
      body: { parts: [{ partNumber: 1, etag: "abc" }] },
    });
    expect(withParts.status).toBe(400);
    const early = await stack.request("POST", `/api/media/${media.id}/upload/complete`, {
      token: ada.token,
      body: {},
    });
    expect([early.status, early.json.error?.code]).toEqual([409, "conflict"]);
  });
});

describe("a multipart upload over 64 MiB", () => {
  it("survives an interruption: listed, resumed, completed, and read back byte-identical", async () => {
    const bytes = uniqueBytes(65 * MiB);
    const { media, upload } = await created(stack, ada, {
      filename: "Holiday clip.mp4",
      contentType: "video/mp4",
      size: bytes.length,
      checksum: sha256(bytes),
    });
    const { partSize, partCount } = upload.multipart;
    expect([partSize, partCount]).toEqual([16 * MiB, 5]);

    // Two parts go up, then the tab is closed.
    await putParts(stack, ada, media.id, bytes, partSize, [1, 3]);
    // After a reload: what does S3 hold?
    const listed = await stack.request("GET", `/api/media/${media.id}/upload/parts`, {
      token: ada.token,
    });
    expect(listed.status).toBe(200);
    expect(
      listed.json.parts.map((p: { partNumber: number; size: number }) => [p.partNumber, p.size]),
    ).toEqual([
      [1, partSize],
      [3, partSize],
    ]);
    // Completing now would store a partial file: refused.
    const early = await stack.request("POST", `/api/media/${media.id}/upload/complete`, {
      token: ada.token,
      body: {},
    });
    expect(early.status).toBe(400);

    const missing = [1, 2, 3, 4, 5].filter(
      (n) => !listed.json.parts.some((p: { partNumber: number }) => p.partNumber === n),
    );
    await putParts(stack, ada, media.id, bytes, partSize, missing);
    const held = await stack.request("GET", `/api/media/${media.id}/upload/parts`, {
      token: ada.token,
    });
    const parts = held.json.parts.map(
      ({ partNumber, etag }: { partNumber: number; etag: string }) => ({
        partNumber,
        etag,
      }),
    );

    const wrong = await stack.request("POST", `/api/media/${media.id}/upload/complete`, {
      token: ada.token,
      body: { parts: [...parts.slice(0, 4), { partNumber: 5, etag: '"0000"' }] },
    });
    expect(wrong.status).toBe(400);

    const done = await stack.request("POST", `/api/media/${media.id}/upload/complete`, {
      token: ada.token,
      body: { parts },
    });
    expect(done.status, done.text).toBe(200);
    expect(done.json.media.status).toBe("processing");
    // A retried completion (its answer lost) answers the same.
    const again = await stack.request("POST", `/api/media/${media.id}/upload/complete`, {
      token: ada.token,
      body: { parts },
    });
    expect([again.status, again.json.media.status]).toEqual([200, "processing"]);

    await makeReady(done.json.media, {});
    const got = await stack.request("GET", `/api/media/${media.id}`, { token: ada.token });
    const original = await fetch(got.json.media.urls.original);
    expect(original.headers.get("content-type")).toBe("video/mp4");
    const back = Buffer.from(await original.arrayBuffer());
    expect(back.length).toBe(bytes.length);
    expect(sha256(back)).toBe(sha256(bytes));
    const download = await fetch(got.json.media.urls.download, { method: "GET" });
    expect(download.headers.get("content-disposition")).toBe(
      'attachment; filename="Holiday clip.mp4"',
    );
    await download.body?.cancel();
  }, 120_000);

  it("signs part URLs in batches of at most 100, for parts that exist, each once", async () => {
    const { media, upload } = await created(stack, ada, {
      contentType: "video/mp4",
      size: (200 * GiB) / 100, // 2 GiB: 128 parts of 16 MiB
    });
    expect(upload.multipart.partCount).toBe(128);
    const sign = (partNumbers: unknown) =>
      stack.request("POST", `/api/media/${media.id}/upload/parts`, {
        token: ada.token,
        body: { partNumbers },
      });
    const batch = await sign(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(batch.status).toBe(200);
    const url = new URL(batch.json.parts[0].url);
    expect(Number(url.searchParams.get("X-Amz-Expires"))).toBeLessThanOrEqual(900);
    expect(url.searchParams.get("partNumber")).toBe("1");
    for (const bad of [
      Array.from({ length: 101 }, (_, i) => i + 1),
      [129],
      [0],
      [1, 1],
      [],
      ["1"],
    ]) {
      const res = await sign(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.json.error.code).toBe("invalid_request");
    }
  });

  it("aborts: the item and its reservation are gone", async () => {
    const user = await signUp(stack, "Abort");
    const { media } = await created(stack, user, { contentType: "video/mp4", size: 100 * MiB });
    const aborted = await stack.request("DELETE", `/api/media/${media.id}/upload`, {
      token: user.token,
    });
    expect(aborted.status).toBe(204);
    expect(
      (await stack.request("GET", `/api/media/${media.id}`, { token: user.token })).status,
    ).toBe(404);
    expect((await Media.usage(user.id)).reservedBytes).toBe(0);
  });
});

describe("duplicates", () => {
  it("answers 409 duplicate with the existing id; another user may upload the same bytes", async () => {
    const bytes = uniqueBytes(4096);
    const checksum = sha256(bytes);
    const first = await created(stack, ada, { size: bytes.length, checksum });
    await makeReady(first.media);
    const again = await startUpload(stack, ada, {
      size: bytes.length,
      checksum,
      filename: "copy.jpg",
    });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: "duplicate", mediaId: first.media.id });
    const theirs = await startUpload(stack, bob, { size: bytes.length, checksum });
    expect(theirs.status).toBe(201);
  });
});

describe("a poster frame", () => {
  it("gets a presigned PUT for a video, to the key Process watches", async () => {
    const { media } = await created(stack, ada, {
      contentType: "video/quicktime",
      filename: "a.mov",
    });
    const res = await stack.request("POST", `/api/media/${media.id}/poster`, {
      token: ada.token,
      body: { contentType: "image/jpeg", size: 90_000 },
    });
    expect(res.status).toBe(201);
    expect(res.json.upload.headers).toEqual({
      "content-type": "image/jpeg",
      "content-length": "90000",
    });
    expect(new URL(res.json.upload.url).pathname).toContain(
      ObjectKey.posterUpload(ada.id, media.id),
    );
  });

  it.each([
    ["for an image", {}, { contentType: "image/webp", size: 10 }],
    ["over 2 MiB", { contentType: "video/mp4" }, { contentType: "image/webp", size: 2 * MiB + 1 }],
    ["as PNG", { contentType: "video/mp4" }, { contentType: "image/png", size: 10 }],
  ])("answers 400 %s", async (_label, item, poster) => {
    const { media } = await created(stack, ada, item);
    const res = await stack.request("POST", `/api/media/${media.id}/poster`, {
      token: ada.token,
      body: poster,
    });
    expect(res.status).toBe(400);
  });
});

describe("GET /api/me", () => {
  it("shows the ready items' bytes and count", async () => {
    const user = await signUp(stack, "Usage");
    const a = await created(stack, user, { size: 1500 });
    await makeReady(a.media);
    await created(stack, user, { size: 999 }); // in flight: reserved, not shown
    const me = await stack.request("GET", "/api/me", { token: user.token });
    expect(me.json).toMatchObject({
      usage: { bytes: 1500, count: 1 },
      quota: { bytes: 100 * GiB },
    });
    await stack.request("DELETE", `/api/media/${a.media.id}`, { token: user.token });
    expect((await stack.request("GET", "/api/me", { token: user.token })).json.usage).toEqual({
      bytes: 0,
      count: 0,
    });
  });
});

describe("the Sweep function", () => {
  it("removes an upload never completed, a day later", async () => {
    const user = await signUp(stack, "Sweep");
    const { media } = await created(stack, user, { size: 777 });
    const realNow = clock.now;
    try {
      clock.now = () => realNow() + 24 * 60 * 60 * 1000;
      const report = await sweepHandler();
      expect(report.abandoned).toBeGreaterThanOrEqual(1);
    } finally {
      clock.now = realNow;
    }
    expect(
      (await stack.request("GET", `/api/media/${media.id}`, { token: user.token })).status,
    ).toBe(404);
    expect((await Media.usage(user.id)).reservedBytes).toBe(0);
  });
});
