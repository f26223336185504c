/**
 * Completing a single PUT (`POST /api/media/{id}/upload/complete` without parts): the client
 * says its object is in S3, the item moves to processing as Process would move it, and the
 * loser of two uploads of the same bytes learns it is a duplicate, whoever removed it. Who
 * may call it, what it refuses, and its replays. Through the API and the local S3 endpoint;
 * Process is a no-op: its transitions are made through core where a test needs them.
 */
import { Media } from "@sharespace/core/media";
import { ObjectKey, Storage } from "@sharespace/core/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../../local/test/stack";
import { created, putBytes, sha256, signUp, type TestUser, uniqueBytes } from "./support/media";
import { person, share } from "./support/share";

let stack: TestStack;
let owner: TestUser;
let stranger: TestUser;
beforeAll(async () => {
  stack = await createTestStack({ handlers: { Process: async () => {} } });
  [owner, stranger] = await Promise.all([signUp(stack, "Owner"), signUp(stack, "Stranger")]);
});
afterAll(() => stack?.close());

/** A single PUT of fresh bytes (or `bytes`), started with its checksum; sent unless `send` is false. */
async function put(user: TestUser, { bytes = uniqueBytes(4096), send = true } = {}) {
  const checksum = sha256(bytes);
  const { media, upload } = await created(stack, user, { size: bytes.length, checksum });
  if (send) await putBytes(upload, bytes);
  return { id: media.id, ref: { ownerId: user.id, mediaId: media.id }, bytes, checksum };
}

const complete = (user: TestUser | undefined, id: string, body: Record<string, unknown> = {}) =>
  stack.request("POST", `/api/media/${id}/upload/complete`, { token: user?.token, body });

describe("who may complete a single PUT", () => {
  it("its owner: the item is processing", async () => {
    const { id } = await put(owner);
    const res = await complete(owner, id);
    expect([res.status, res.json.media?.status], res.text).toEqual([200, "processing"]);
  });

  it("another user gets 404, and the upload is untouched", async () => {
    const { id } = await put(owner);
    const res = await complete(stranger, id);
    expect([res.status, res.json.error?.code]).toEqual([404, "not_found"]);
    expect((await Media.read(id))?.status).toBe("uploading");
  });

  it("nobody signed in gets 401, and the upload is untouched", async () => {
    const { id } = await put(owner);
    const res = await complete(undefined, id);
    expect(res.status).toBe(401);
    expect((await Media.read(id))?.status).toBe("uploading");
  });

  it("a user the upload is shared with (an upload in flight may be shared) gets 403, and it is untouched", async () => {
    const friend = await person(stack, "Friend");
    const { id } = await put(owner);
    expect((await share(stack, owner, id, friend.email)).status).toBe(201);
    const res = await complete(friend, id);
    expect([res.status, res.json.error?.code]).toEqual([403, "forbidden"]);
    expect((await Media.read(id))?.status).toBe("uploading");
  });
});

describe("completing a single PUT refuses", () => {
  it.each([
    ["parts", { parts: [{ partNumber: 1, etag: "abc" }] }],
    ["a checksum other than the one it started with", { checksum: sha256(uniqueBytes(16)) }],
    ["a checksum that is not base64 SHA-256", { checksum: "abc" }],
    ["an unknown field", { size: 10 }],
  ])("%s with 400 invalid_request, before looking at its bytes", async (_label, body) => {
    // Not sent: a 400 says what is wrong with the request, whatever state the upload is in.
    for (const send of [false, true]) {
      const { id } = await put(owner, { send });
      const res = await complete(owner, id, body);
      expect([res.status, res.json.error?.code], res.text).toEqual([400, "invalid_request"]);
      expect((await Media.read(id))?.status).toBe("uploading");
    }
  });

  it("a checksum when it started without one, with 400: S3 checked no checksum on its PUT", async () => {
    const bytes = uniqueBytes(2048);
    const { media, upload } = await created(stack, owner, { size: bytes.length });
    await putBytes(upload, bytes);
    const res = await complete(owner, media.id, { checksum: sha256(bytes) });
    expect([res.status, res.json.error?.code]).toEqual([400, "invalid_request"]);
  });

  it("before its bytes are in, with 409 conflict; once they are, it completes", async () => {
    const bytes = uniqueBytes(2048);
    const { media, upload } = await created(stack, owner, {
      size: bytes.length,
      checksum: sha256(bytes),
    });
    const early = await complete(owner, media.id);
    expect([early.status, early.json.error?.code]).toEqual([409, "conflict"]);
    await putBytes(upload, bytes);
    const done = await complete(owner, media.id);
    expect([done.status, done.json.media?.status]).toEqual([200, "processing"]);
  });
});

describe("a single PUT completed again (an answer lost on the way)", () => {
  it("answers the item as it is: processing, then ready, and writes nothing", async () => {
    const { id, ref } = await put(owner);
    expect((await complete(owner, id)).status).toBe(200);
    const before = await Media.read(id);
    const again = await complete(owner, id);
    expect([again.status, again.json.media?.status]).toEqual([200, "processing"]);
    expect(await Media.read(id)).toEqual(before);
    await Media.markReady(ref, { size: 4096, width: 4, height: 3 });
    const ready = await complete(owner, id);
    expect([ready.status, ready.json.media?.status]).toEqual([200, "ready"]);
    expect(ready.json.media.width).toBe(4);
  });

  it("after processing failed, answers the item failed, with why", async () => {
    const { id, ref } = await put(owner);
    await Media.startProcessing(ref);
    await Media.markFailed(ref, "The file is not a JPEG image.");
    const res = await complete(owner, id);
    expect([res.status, res.json.media?.status, res.json.media?.failure]).toEqual([
      200,
      "failed",
      "The file is not a JPEG image.",
    ]);
  });
});

describe("the loser of two uploads of the same bytes", () => {
  /** Two uploads of the same bytes by one user, both sent: neither is live yet. */
  async function pair(user: TestUser) {
    const first = await put(user);
    const second = await put(user, { bytes: first.bytes });
    return { first, second };
  }

  it("completed after the winner went live: 409 duplicate naming it, and nothing of it is left", async () => {
    const user = await signUp(stack, "Pair");
    const { first, second } = await pair(user);
    expect((await complete(user, first.id)).status).toBe(200);
    const res = await complete(user, second.id);
    expect([res.status, res.json.error?.code, res.json.error?.mediaId]).toEqual([
      409,
      "duplicate",
      first.id,
    ]);
    expect(await Media.read(second.id)).toBeUndefined();
    expect(await Storage.head(ObjectKey.original(user.id, second.id))).toBeUndefined();
  });

  it("completed after Process removed it: 409 duplicate for its owner (with the checksum), 404 without it or for anybody else", async () => {
    const user = await signUp(stack, "Removed");
    const { first, second } = await pair(user);
    await Media.startProcessing(first.ref);
    // Process finds the second object: the bytes are live in the first, so it is removed.
    expect(await Media.startProcessing(second.ref)).toMatchObject({ duplicateOf: first.id });
    const mine = await complete(user, second.id, { checksum: second.checksum });
    expect([mine.status, mine.json.error?.code, mine.json.error?.mediaId]).toEqual([
      409,
      "duplicate",
      first.id,
    ]);
    expect((await complete(user, second.id)).status).toBe(404);
    const theirs = await complete(stranger, second.id, { checksum: second.checksum });
    expect([theirs.status, theirs.json.error?.code]).toEqual([404, "not_found"]);
  });

  it("completed while Process removes it (its object gone, its item not yet): 409 duplicate, not 'not arrived'", async () => {
    const user = await signUp(stack, "Midway");
    const { first, second } = await pair(user);
    await Media.startProcessing(first.ref);
    // Where Process's removal is between its two steps: the objects go first, then the item.
    await Storage.removeMedia(user.id, second.id);
    expect((await Media.read(second.id))?.status).toBe("uploading");
    const res = await complete(user, second.id);
    expect([res.status, res.json.error?.code, res.json.error?.mediaId]).toEqual([
      409,
      "duplicate",
      first.id,
    ]);
  });

  it("whose object is missing while no live item holds its bytes: 409 conflict, not a duplicate", async () => {
    const user = await signUp(stack, "Unsent");
    const { second } = await pair(user);
    await Storage.removeMedia(user.id, second.id);
    const res = await complete(user, second.id);
    expect([res.status, res.json.error?.code]).toEqual([409, "conflict"]);
  });
});
