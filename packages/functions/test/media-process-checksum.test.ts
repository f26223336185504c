/**
 * The checksum a client promises, checked where AWS checks it: S3 refuses a single PUT whose
 * bytes differ (the presigned PUT carries the checksum as a signed header) and records it with
 * the object, so Process compares S3's record instead of hashing; Process hashes only objects
 * S3 holds no full-object checksum of. Through the local S3 endpoint, which checks as S3 does.
 */
import { Media } from "@sharespace/core/media";
import { Processing } from "@sharespace/core/media/process";
import { ObjectKey, Storage } from "@sharespace/core/storage";
import type { SQSEvent } from "aws-lambda";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../../local/test/stack";
import { created, putBytes, sha256, signUp, type TestUser } from "./support/media";
import { eventually, getItem, processLosing } from "./support/process";

let stack: TestStack;
let user: TestUser;
const lost = new Set<string>();
const consumed: SQSEvent[] = [];
beforeAll(async () => {
  stack = await createTestStack({
    handlers: { Process: processLosing(lost) },
    onConsumed: (_queue, event) => consumed.push(event),
  });
  user = await signUp(stack, "Checksums");
});
afterAll(() => stack?.close());

const jpeg = (colour: string) =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();
const declared = (bytes: Buffer, checksum = sha256(bytes)) => ({
  filename: "c.jpg",
  contentType: "image/jpeg",
  size: bytes.byteLength,
  checksum,
});
const eventsOf = (key: string) =>
  consumed.filter((event) => event.Records.some((r) => r.body.includes(`"${key}"`))).length;

/** Stores an object with `write`, keeps its S3 event from Process, then processes it. */
async function processedAfter(key: string, write: () => Promise<unknown>) {
  lost.add(key);
  await write();
  await eventually(async () => eventsOf(key) > 0);
  await stack.queues.idle();
  lost.delete(key);
  return Processing.processObject(key, { deadline: Date.now() + 60_000 });
}

describe("a promised checksum", () => {
  it("refuses a single PUT of other bytes (400 BadDigest): nothing stored, nothing processed", async () => {
    const before = await Media.usage(user.id);
    const bytes = await jpeg("#c36");
    const { media, upload } = await created(stack, user, declared(bytes, sha256(Buffer.from("x"))));
    const res = await fetch(upload.url, { method: "PUT", headers: upload.headers, body: bytes });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("<Code>BadDigest</Code>");

    const key = ObjectKey.original(user.id, media.id);
    expect(await Storage.head(key)).toBeUndefined();
    await stack.queues.idle();
    expect(eventsOf(key)).toBe(0);
    // Still uploading, its bytes reserved: the client may retry, or the sweep ends it.
    expect((await getItem(stack, user, media.id)).status).toBe("uploading");
    expect((await Media.usage(user.id)).reservedBytes).toBe(before.reservedBytes + bytes.length);
  });

  it("is compared with S3's record of a single PUT, not hashed again", async () => {
    const bytes = await jpeg("#3c6");
    const { media, upload } = await created(stack, user, declared(bytes));
    const key = ObjectKey.original(user.id, media.id);
    const outcome = await processedAfter(key, () => putBytes(upload, bytes));
    expect(outcome).toMatchObject({ result: "ready", checksum: "by-s3" });
    expect((await Storage.head(key))?.checksumSha256).toBe(sha256(bytes));
  });

  it("is hashed by Process when S3 holds no checksum of the object", async () => {
    // As for a multipart upload's object: S3 knows its parts' checksums, not the file's.
    const bytes = await jpeg("#63c");
    const { media } = await created(stack, user, declared(bytes));
    const key = ObjectKey.original(user.id, media.id);
    const outcome = await processedAfter(key, () => Storage.write(key, bytes, "image/jpeg"));
    expect(outcome).toMatchObject({ result: "ready", checksum: "hashed" });
    expect((await getItem(stack, user, media.id)).status).toBe("ready");
  });
});
