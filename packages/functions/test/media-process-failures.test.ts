/**
 * Files that are not what their upload promised end `failed`, their bytes gone and their
 * reservation released; and one bad message never holds back the rest of its batch.
 */
import { Media } from "@sharespace/core/media";
import { ObjectKey, Storage } from "@sharespace/core/storage";
import type { SQSEvent } from "aws-lambda";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InvocationOutcome } from "../../local/src/queue";
import { createTestStack, type TestStack } from "../../local/test/stack";
import { created, putBytes, sha256, signUp, type TestUser } from "./support/media";
import {
  eventually,
  fixture,
  getItem,
  processLosing,
  s3Event,
  settled,
  upload,
} from "./support/process";

let stack: TestStack;
let user: TestUser;
const lost = new Set<string>();
const invocations: { event: SQSEvent; outcome: InvocationOutcome }[] = [];
beforeAll(async () => {
  stack = await createTestStack({
    handlers: { Process: processLosing(lost) },
    onConsumed: (_queue, event, outcome) => invocations.push({ event, outcome }),
  });
  user = await signUp(stack, "Failures");
});
afterAll(() => stack?.close());

const jpeg = (colour = "#36c") =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();

/** Expects the item failed for `reason`, its object gone and nothing of it counted. */
async function expectFailed(id: string, reason: RegExp, reservedBefore: number) {
  const item = await settled(stack, user, id);
  expect(item.status).toBe("failed");
  expect(item.failure).toMatch(reason);
  expect(await Storage.head(ObjectKey.original(user.id, id))).toBeUndefined();
  expect(await Storage.derived.head(user.id, id, "thumbnail")).toBeUndefined();
  const usage = await Media.usage(user.id);
  expect(usage.reservedBytes).toBe(reservedBefore);
}

describe("bytes that are not what the upload promised", () => {
  it("a PNG declared as a JPEG fails, and its object is removed", async () => {
    const before = (await Media.usage(user.id)).reservedBytes;
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#000" } })
      .png()
      .toBuffer();
    const media = await upload(stack, user, png, { filename: "a.jpg", contentType: "image/jpeg" });
    await expectFailed(
      media.id,
      /^The file is not a JPEG image\. It looks like a PNG image\.$/,
      before,
    );
  });

  it("an HTML page declared as a PNG fails, and so does a truncated JPEG", async () => {
    const before = (await Media.usage(user.id)).reservedBytes;
    const html = Buffer.from("<!doctype html><html><script>alert(1)</script></html>");
    const page = await upload(stack, user, html, { filename: "x.png", contentType: "image/png" });
    await expectFailed(page.id, /^The file is not a PNG image\.$/, before);
    const whole = await jpeg();
    const cut = whole.subarray(0, Math.floor(whole.byteLength / 2));
    const broken = await upload(stack, user, cut, { filename: "c.jpg", contentType: "image/jpeg" });
    await expectFailed(broken.id, /could not be read/, before);
  });

  it("bytes that differ from their promised checksum fail, when S3 did not check them", async () => {
    // S3 refuses a single PUT whose bytes differ from its checksum header (see
    // media-process-checksum.test.ts), so Process meets such bytes in an object S3 holds no
    // checksum of: a multipart upload's (S3 knows its parts' checksums only), or one written
    // by a writer with bucket access, as here (a PutObject without the header).
    const before = (await Media.usage(user.id)).reservedBytes;
    const bytes = await jpeg("#c63");
    const { media } = await created(stack, user, {
      filename: "c.jpg",
      contentType: "image/jpeg",
      size: bytes.byteLength,
      checksum: sha256(Buffer.from("other bytes")),
    });
    await Storage.write(ObjectKey.original(user.id, media.id), bytes, "image/jpeg");
    await expectFailed(media.id, /do not match the checksum sent with it/, before);
  });

  it("an object of another size than declared fails, written past the URL's length", async () => {
    const before = (await Media.usage(user.id)).reservedBytes;
    const bytes = await jpeg("#6c3");
    const { media } = await created(stack, user, {
      filename: "s.jpg",
      contentType: "image/jpeg",
      size: bytes.byteLength + 100,
    });
    // A presigned PUT is bound to its length: only a writer with bucket access could do this.
    await Storage.write(ObjectKey.original(user.id, media.id), bytes, "image/jpeg");
    await expectFailed(media.id, /bytes, not the \d+ its upload declared/, before);
  });
});

describe("a batch with bad messages in it", () => {
  it("processes its good records, and returns only the bad ones to the queue", async () => {
    const good = await jpeg("#3c6");
    const wrong = Buffer.from("GIF89a not really a picture at all");
    const [a, b] = [
      await created(stack, user, {
        filename: "good.jpg",
        contentType: "image/jpeg",
        size: good.byteLength,
        checksum: sha256(good),
      }),
      await created(stack, user, {
        filename: "bad.jpg",
        contentType: "image/jpeg",
        size: wrong.byteLength,
      }),
    ];
    const keys = [a, b].map(({ media }) => ObjectKey.original(user.id, media.id));
    for (const key of keys) lost.add(key);
    await putBytes(a.upload, good);
    await putBytes(b.upload, wrong);
    // Their own events reach the queue, and go unseen.
    await eventually(async () =>
      keys.every((key) =>
        invocations.some(({ event }) => event.Records.some((r) => r.body.includes(`"${key}"`))),
      ),
    );
    await stack.queues.idle();

    // Sent in one task, they reach Process as one batch (as Lambda would take them).
    const batch = [
      stack.queues.send("Processing", "{ not json"),
      stack.queues.send("Processing", s3Event(stack.bucketName, keys[1] ?? "", wrong.byteLength)),
      stack.queues.send("Processing", s3Event(stack.bucketName, keys[0] ?? "", good.byteLength)),
      stack.queues.send("Processing", s3Event(stack.bucketName, `derived/${user.id}/x`, 1)),
      stack.queues.send("Processing", s3Event(stack.bucketName, "originals/unknown", 1)),
    ];
    lost.clear();
    await stack.queues.idle();

    const ran = invocations.find(({ event }) =>
      event.Records.some((record) => record.messageId === batch[0]),
    );
    expect(ran?.event.Records.map((record) => record.messageId)).toEqual(batch);
    // The malformed message and the key outside originals/ fail alone; the rest are done.
    expect([...(ran?.outcome.failed ?? [])].sort()).toEqual([batch[0], batch[3]].sort());
    expect(ran?.outcome.error).toBeUndefined();
    expect((await getItem(stack, user, a.media.id)).status).toBe("ready");
    expect((await getItem(stack, user, b.media.id)).status).toBe("failed");
  });
});

describe("events whose size is not the object's", () => {
  // Process starts reading an object at the size its event reports, before it looks up the
  // item; the item's declared size and the object's HEAD still decide.
  it("still process the object as stored: ready when it is what its upload declared", async () => {
    const bytes = await jpeg("#39c");
    const declared = { filename: "e.jpg", contentType: "image/jpeg", size: bytes.byteLength };
    const [small, large, huge] = [
      await created(stack, user, { ...declared, checksum: sha256(bytes) }),
      await created(stack, user, declared),
      await created(stack, user, declared),
    ];
    const keys = [small, large, huge].map(({ media }) => ObjectKey.original(user.id, media.id));
    for (const key of keys) lost.add(key);
    for (const { upload: put } of [small, large, huge]) await putBytes(put, bytes);
    await eventually(async () =>
      keys.every((key) =>
        invocations.some(({ event }) => event.Records.some((r) => r.body.includes(`"${key}"`))),
      ),
    );
    await stack.queues.idle();
    lost.clear();

    // Shorter than the object, longer, and beyond what is read whole at all.
    const sizes = [10, bytes.byteLength + 5000, 2 * 1024 ** 3];
    for (const [i, key] of keys.entries()) {
      await stack.queues.send("Processing", s3Event(stack.bucketName, key, sizes[i] ?? 0));
    }
    await stack.queues.idle();

    for (const { media } of [small, large, huge]) {
      const item = await getItem(stack, user, media.id);
      expect(item).toMatchObject({ status: "ready", size: bytes.byteLength, width: 64 });
      expect(await Storage.derived.head(user.id, media.id, "thumbnail")).toBeDefined();
    }
  });

  it("an object larger than declared still fails, whatever its event says", async () => {
    const before = (await Media.usage(user.id)).reservedBytes;
    const bytes = await jpeg("#9c3");
    const { media } = await created(stack, user, {
      filename: "l.jpg",
      contentType: "image/jpeg",
      size: bytes.byteLength - 10,
    });
    const key = ObjectKey.original(user.id, media.id);
    lost.add(key);
    await Storage.write(key, bytes, "image/jpeg");
    await stack.queues.idle();
    lost.delete(key);
    // The event claims the declared size: the read sized for it must not pass for the object.
    await stack.queues.send("Processing", s3Event(stack.bucketName, key, bytes.byteLength - 10));
    await expectFailed(media.id, /bytes, not the \d+ its upload declared/, before);
  });
});

describe("the fixtures through Process", () => {
  it("a HEIC declared as a JPEG fails", async () => {
    const before = (await Media.usage(user.id)).reservedBytes;
    const media = await upload(stack, user, fixture("photo.heic"), {
      filename: "IMG.jpg",
      contentType: "image/jpeg",
    });
    await expectFailed(media.id, /It looks like a HEIC image/, before);
  });
});
