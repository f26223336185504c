/**
 * S3 and SQS deliver at least once, and Lambda may run the same message twice at once:
 * duplicate events create nothing twice. An item stuck in `processing` (its event lost, its
 * invocations crashed) is handed back to Process once by the sweep, through the Processing
 * queue (SQS `SendMessage`, to the local stack's stand-in), and failed if still stuck.
 */
import { Media } from "@sharespace/core/media";
import { Processing } from "@sharespace/core/media/process";
import { PROCESSING_TIMED_OUT } from "@sharespace/core/media/sweep";
import { ObjectKey, Storage } from "@sharespace/core/storage";
import { clock } from "@sharespace/core/time";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../../local/test/stack";
import { created, putBytes, sha256, signUp, type TestUser } from "./support/media";
import { eventually, getItem, processLosing, s3Event, settled, upload } from "./support/process";

let stack: TestStack;
let user: TestUser;
const lost = new Set<string>();
let sentByS3 = 0;
let redriven = 0;
beforeAll(async () => {
  stack = await createTestStack({
    handlers: { Process: processLosing(lost) },
    onConsumed: (_queue, event) => {
      sentByS3 += event.Records.filter((r) => r.body.includes("ObjectCreated:Put")).length;
      redriven += event.Records.filter((r) => r.body.includes("ObjectCreated:Redrive")).length;
    },
  });
  user = await signUp(stack, "Retries");
});
afterAll(() => stack?.close());
const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});

const photo = (colour: string) =>
  sharp({ create: { width: 900, height: 600, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();

/** Everything a second run could change: usage, month counts, the item, its thumbnail. */
async function snapshot(id: string) {
  const item = await Media.read(id);
  const timeline = await stack.request("GET", "/api/media/timeline", { token: user.token });
  const thumbnail = await Storage.derived.read(user.id, id, "thumbnail");
  return {
    usage: (await Media.usage(user.id)).usage,
    months: timeline.json,
    item,
    thumbnail: Buffer.from(thumbnail ?? []).toString(),
  };
}

/** Starts an upload whose own S3 event never reaches Process; answers its id and key. */
async function uploadWithLostEvent(bytes: Buffer) {
  const { media, upload: ticket } = await created(stack, user, {
    filename: "lost.jpg",
    contentType: "image/jpeg",
    size: bytes.byteLength,
    checksum: sha256(bytes),
  });
  const key = ObjectKey.original(user.id, media.id);
  lost.add(key);
  const before = sentByS3;
  await putBytes(ticket, bytes);
  await eventually(async () => sentByS3 > before);
  await stack.queues.idle();
  return { id: media.id, key };
}

describe("duplicate events", () => {
  it("after an item is ready, change nothing: not usage, months, the item nor derivatives", async () => {
    const bytes = await photo("#a52");
    const media = await upload(stack, user, bytes, {
      filename: "twice.jpg",
      contentType: "image/jpeg",
    });
    await settled(stack, user, media.id);
    // A run that rendered again would write over this.
    await Storage.derived.write(
      user.id,
      media.id,
      "thumbnail",
      Buffer.from("marker"),
      "image/webp",
    );
    const before = await snapshot(media.id);
    expect(before.thumbnail).toBe("marker");
    const key = ObjectKey.original(user.id, media.id);
    for (let i = 0; i < 3; i++)
      stack.queues.send("Processing", s3Event(stack.bucketName, key, bytes.byteLength));
    await stack.queues.idle();
    expect(await snapshot(media.id)).toEqual(before);
  });

  it("arriving together, in one batch and in parallel invocations, count the item once", async () => {
    const before = (await Media.usage(user.id)).usage;
    const bytes = await photo("#25a");
    const { id, key } = await uploadWithLostEvent(bytes);
    const event = s3Event(stack.bucketName, key, bytes.byteLength);
    lost.delete(key);
    // Three in one batch, and three runs at once, as concurrent Process containers would.
    for (let i = 0; i < 3; i++) stack.queues.send("Processing", event);
    const deadline = Date.now() + 60_000;
    const outcomes = await Promise.all(
      [1, 2, 3].map(() => Processing.processObject(key, { deadline })),
    );
    await stack.queues.idle();
    expect(outcomes.filter(({ result }) => result === "ready").length).toBeLessThanOrEqual(1);
    expect((await getItem(stack, user, id)).status).toBe("ready");
    const after = (await Media.usage(user.id)).usage;
    expect(after).toEqual({ bytes: before.bytes + bytes.byteLength, count: before.count + 1 });
  });
});

describe("the sweep, for an item stuck in processing", () => {
  /** An item processing, whose event is lost: what a crashed Process leaves behind. */
  async function stuck(colour: string) {
    const bytes = await photo(colour);
    const { id, key } = await uploadWithLostEvent(bytes);
    // Its Process began (as the multipart `complete` route does too), then died.
    await Media.startProcessing({ ownerId: user.id, mediaId: id });
    return { id, key, bytes };
  }
  const sweepAt = async (ms: number) => {
    clock.now = () => realNow() + ms;
    const { handler } = await import("@sharespace/functions/sweep");
    const report = await handler();
    clock.now = realNow;
    return report;
  };
  const MINUTES = 60_000;

  it("is left alone before its deadline, then sent back to Process, which finishes it", async () => {
    const { id, key } = await stuck("#5a2");
    expect((await sweepAt(10 * MINUTES)).redriven).toBe(0);
    lost.delete(key);
    const report = await sweepAt(16 * MINUTES);
    expect(report).toMatchObject({ redriven: 1, failed: 0 });
    const item = await settled(stack, user, id);
    expect(item.status).toBe("ready");
    expect(item.urls?.thumbnail).toBeTruthy();
    expect((await Media.read(id))?.redrives).toBe(1);
  });

  it("is failed, its object removed, when still stuck after its one retry", async () => {
    const { id, key } = await stuck("#2a5");
    const reserved = (await Media.usage(user.id)).reservedBytes;
    const before = redriven;
    expect(await sweepAt(16 * MINUTES)).toMatchObject({ redriven: 1, failed: 0 });
    // The retry went through the queue to Process (and was lost like the first event).
    await eventually(async () => redriven === before + 1);
    await stack.queues.idle();
    expect((await Media.read(id))?.status).toBe("processing");
    expect(await sweepAt(16 * MINUTES)).toMatchObject({ redriven: 0, failed: 0 });
    expect(await sweepAt(32 * MINUTES)).toMatchObject({ redriven: 0, failed: 1 });
    const item = await getItem(stack, user, id);
    expect(item).toMatchObject({ status: "failed", failure: PROCESSING_TIMED_OUT });
    expect(await Storage.head(key)).toBeUndefined();
    expect((await Media.usage(user.id)).reservedBytes).toBe(reserved - (item.size ?? 0));
  });
});
