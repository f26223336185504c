/**
 * Completing a multipart upload: retried after processing ended, and a checksum sent at
 * completion (the web client hashes while the parts
 * are on their way): claimed then, with the same duplicate rules as at `POST /api/media`,
 * races included. Through the API and the local S3 endpoint; Process is a no-op so it cannot
 * race the transitions under test.
 */
import { Media } from "@sharespace/core/media";
import { ObjectKey, Storage } from "@sharespace/core/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../../local/test/stack";
import {
  created,
  putParts,
  sha256,
  signUp,
  startUpload,
  type TestUser,
  uniqueBytes,
} from "./support/media";

let stack: TestStack;
const MiB = 1024 ** 2;
// One file for every test (each test has its own user): over 64 MiB, so multipart.
let bytes: Buffer;
let checksum: string;
beforeAll(async () => {
  stack = await createTestStack({ handlers: { Process: async () => {} } });
  bytes = uniqueBytes(65 * MiB);
  checksum = sha256(bytes);
});
afterAll(() => stack?.close());

const video = () => ({ filename: "clip.mp4", contentType: "video/mp4", size: bytes.length });

/** An upload started without a checksum, every part sent: ready to complete. */
async function uploaded(user: TestUser) {
  const { media, upload } = await created(stack, user, video());
  const { partSize, partCount } = upload.multipart;
  const numbers = Array.from({ length: partCount }, (_, i) => i + 1);
  await putParts(stack, user, media.id, bytes, partSize, numbers);
  return { media, uploadId: upload.multipart.uploadId };
}

const complete = (user: TestUser, mediaId: string, body: Record<string, unknown>) =>
  stack.request("POST", `/api/media/${mediaId}/upload/complete`, { token: user.token, body });

const monthTotal = async (user: TestUser) => {
  const res = await stack.request("GET", "/api/media/timeline", { token: user.token });
  return (res.json.months as { count: number }[]).reduce((sum, m) => sum + m.count, 0);
};

describe("a checksum sent at completion", () => {
  it("is claimed: the item is processing with it, and the same bytes again are a duplicate that leaves nothing behind", async () => {
    const ada = await signUp(stack, "Ada");
    const first = await uploaded(ada);
    const done = await complete(ada, first.media.id, { checksum });
    expect(done.status, done.text).toBe(200);
    expect(done.json.media.status).toBe("processing");
    expect((await Media.read(first.media.id))?.checksum).toBe(checksum);
    // A retried completion (its answer lost) answers the same.
    const again = await complete(ada, first.media.id, { checksum });
    expect([again.status, again.json.media?.status]).toEqual([200, "processing"]);

    const second = await uploaded(ada);
    const copy = await complete(ada, second.media.id, { checksum });
    expect(copy.status, copy.text).toBe(409);
    expect(copy.json.error).toMatchObject({ code: "duplicate", mediaId: first.media.id });
    // The copy's item, its parts and its reservation are gone; the original stays.
    const gone = await stack.request("GET", `/api/media/${second.media.id}`, {
      token: ada.token,
    });
    expect(gone.status).toBe(404);
    const key = ObjectKey.original(ada.id, second.media.id);
    expect(await Storage.multipart.listParts({ key, uploadId: second.uploadId })).toBeUndefined();
    expect(await Storage.head(key)).toBeUndefined();
    expect((await Media.usage(ada.id)).reservedBytes).toBe(bytes.length);
    expect(await monthTotal(ada)).toBe(1);
    // The claim holds for uploads that send the checksum at the start, too.
    const upfront = await startUpload(stack, ada, { ...video(), checksum });
    expect(upfront.status).toBe(409);
    expect(upfront.json.error.mediaId).toBe(first.media.id);
  }, 120_000);

  it("from two uploads of the same bytes at once, lets exactly one go live", async () => {
    const bob = await signUp(stack, "Bob");
    const [a, b] = await Promise.all([uploaded(bob), uploaded(bob)]);
    const answers = await Promise.all([
      complete(bob, a.media.id, { checksum }),
      complete(bob, b.media.id, { checksum }),
    ]);
    expect(answers.map((res) => res.status).sort()).toEqual([200, 409]);
    const winner = answers.find((res) => res.status === 200);
    const loser = answers.find((res) => res.status === 409);
    expect(loser?.json.error.mediaId).toBe(winner?.json.media.id);
    expect(await monthTotal(bob)).toBe(1);
    expect((await Media.usage(bob.id)).reservedBytes).toBe(bytes.length);
  }, 120_000);

  it("takes the claim over from an upload of the same bytes still in flight", async () => {
    const cleo = await signUp(stack, "Cleo");
    // Started with the checksum (it holds the claim), never sent.
    const stalled = await created(stack, cleo, { ...video(), checksum });
    const { media } = await uploaded(cleo);
    const done = await complete(cleo, media.id, { checksum });
    expect(done.status, done.text).toBe(200);
    // Now the live item holds the claim: the same bytes again are a duplicate of it.
    const upfront = await startUpload(stack, cleo, { ...video(), checksum });
    expect(upfront.json.error).toMatchObject({ code: "duplicate", mediaId: media.id });
    expect((await Media.read(stalled.media.id))?.status).toBe("uploading");
  }, 120_000);

  it("must be the checksum the upload started with, if it started with one, and well formed", async () => {
    const dan = await signUp(stack, "Dan");
    const { media } = await created(stack, dan, { ...video(), checksum });
    const other = sha256(Buffer.from("other bytes"));
    for (const body of [{ checksum: other }, { checksum: "not-base64" }, { checksum: 42 }]) {
      const res = await complete(dan, media.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.code).toBe("invalid_request");
    }
    expect((await Media.read(media.id))?.status).toBe("uploading");
  });
});

describe("a completion retried", () => {
  it("after processing failed the item answers the item as it is, failed, with why", async () => {
    const eve = await signUp(stack, "Eve");
    const { media } = await uploaded(eve);
    const done = await complete(eve, media.id, {});
    expect(done.status, done.text).toBe(200);
    // Process found the bytes were no MP4 while the client's retry was on its way.
    await Media.markFailed({ ownerId: eve.id, mediaId: media.id }, "The file is not an MP4 video.");
    const again = await complete(eve, media.id, {});
    expect(again.status, again.text).toBe(200);
    expect(again.json.media).toMatchObject({
      status: "failed",
      failure: "The file is not an MP4 video.",
    });
  }, 120_000);
});
