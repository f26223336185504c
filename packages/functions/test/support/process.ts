/**
 * Processing through the real path: a client uploads with its presigned PUT to the local S3
 * endpoint, s3rver's event goes through the bucket's notification to the Processing queue
 * stand-in, and the real Process function takes it.
 * @module
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Media } from "@sharespace/core/media";
import type { Context, SQSEvent } from "aws-lambda";
import sharp from "sharp";
import { expect } from "vitest";
import type { TestClient, TestStack } from "../../../local/test/stack";
import { created, putBytes, sha256, type TestUser } from "./media";

/** A committed fixture (see `packages/core/test/fixtures/media/make.sh`). */
export const fixture = (name: string): Buffer =>
  readFileSync(
    fileURLToPath(new URL(`../../../core/test/fixtures/media/${name}`, import.meta.url)),
  );

/** What an upload declares; the checksum is the bytes' own unless given. */
export interface Declared {
  filename: string;
  contentType: string;
  checksum?: string | null;
  lastModified?: string;
  /** Declared size; the bytes' own unless given. */
  size?: number;
}

/** Starts an upload and PUTs the bytes; answers the item as created. */
export async function upload(
  client: TestClient,
  user: TestUser,
  bytes: Uint8Array,
  declared: Declared,
): Promise<Media.Info> {
  const { checksum, size, ...rest } = declared;
  const { media, upload: ticket } = await created(client, user, {
    ...rest,
    size: size ?? bytes.byteLength,
    ...(checksum === null ? {} : { checksum: checksum ?? sha256(bytes) }),
  });
  await putBytes(ticket, bytes);
  return media;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The item as its owner reads it. */
export async function getItem(client: TestClient, user: TestUser, id: string): Promise<Media.Info> {
  const res = await client.request("GET", `/api/media/${id}`, { token: user.token });
  expect(res.status, res.text).toBe(200);
  return res.json.media as Media.Info;
}

/**
 * Waits until the queues are idle and the item has left `uploading` and `processing` (its S3
 * event may still be on its way from s3rver when the PUT answers), then answers it.
 */
export async function settled(stack: TestStack, user: TestUser, id: string): Promise<Media.Info> {
  for (let i = 0; i < 400; i++) {
    await stack.queues.idle();
    const item = await getItem(stack, user, id);
    if (item.status === "ready" || item.status === "failed") {
      // Process writes the status before its invocation ends (a failed item's object is
      // removed after it): the read may have come in between, so let the invocation finish.
      await stack.queues.idle();
      return item;
    }
    await pause(25);
  }
  throw new Error(`${id} never left processing`);
}

/** Waits until `check` holds (an S3 event on its way), for at most ten seconds. */
export async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    await pause(25);
    if (await check()) return;
  }
  throw new Error("never happened");
}

/** Fetches a presigned URL; answers the bytes and content type. */
export async function download(url: string): Promise<{ bytes: Buffer; type: string | null }> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return { bytes: Buffer.from(await res.arrayBuffer()), type: res.headers.get("content-type") };
}

/** An S3 event notification for one new object, as the bucket sends it to the queue. */
export function s3Event(bucketName: string, key: string, size: number, eventName = "Put") {
  return JSON.stringify({
    Records: [
      {
        eventVersion: "2.1",
        eventSource: "aws:s3",
        eventName: `ObjectCreated:${eventName}`,
        s3: { bucket: { name: bucketName }, object: { key, size } },
      },
    ],
  });
}

/**
 * The real Process, except that the events of the objects whose keys are in `lost` never
 * reach it (acknowledged unseen, as if S3 had not sent them or a crashed invocation took
 * them): the test sends their events itself, when and as often as it wants.
 */
export function processLosing(lost: Set<string>) {
  return async (event: SQSEvent, context: Context) => {
    const { handler } = await import("@sharespace/functions/process");
    const records = event.Records.filter(
      (record) => ![...lost].some((key) => record.body.includes(`"${key}"`)),
    );
    return records.length ? handler({ Records: records }, context) : undefined;
  };
}

/**
 * A 400×300 JPEG stored sideways, as a phone held upright writes it: red over blue, EXIF
 * orientation 6 (turned 90° clockwise to show: 300×400, blue on the left, red on the
 * right), a capture time with sub-seconds and its offset, and GPS (the Eiffel Tower).
 */
export async function sidewaysPhotoWithGps(): Promise<Buffer> {
  const red = await sharp({ create: { width: 400, height: 150, channels: 3, background: "#f00" } })
    .png()
    .toBuffer();
  return sharp({ create: { width: 400, height: 300, channels: 3, background: "#00f" } })
    .composite([{ input: red, top: 0, left: 0 }])
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: "ShareSpace", Model: "Test" },
      IFD2: {
        DateTimeOriginal: "2021:06:12 14:03:05",
        SubSecTimeOriginal: "250",
        OffsetTimeOriginal: "+02:00",
      },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "48/1 51/1 3024/100",
        GPSLongitudeRef: "E",
        GPSLongitude: "2/1 17/1 4020/100",
      },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}
