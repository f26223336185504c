import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type S3Local, startS3Local, subscribeS3Events } from "../../src/s3";
import type { S3Event } from "../../src/s3-event";
import { localS3Client } from "../s3-client";

// The local S3 endpoint's writes as S3 makes them: answered once durable, replacing an object
// whole, and notified once readable. An endpoint of its own, so the test can look at its files
// (s3rver's layout: `<bucket>/<key>._S3rver_object`) while requests are in flight.
const MiB = 1024 * 1024;
const Bucket = "writes";
let directory: string;
let endpoint: S3Local;
let s3: S3Client;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "sharespace-s3-writes-"));
  endpoint = await startS3Local({ port: 0, directory });
  s3 = localS3Client(endpoint.endpoint);
  await s3.send(new CreateBucketCommand({ Bucket }));
});
afterAll(async () => {
  await endpoint?.stop();
  await rm(directory, { recursive: true, force: true });
});

const objectFile = (key: string) => join(directory, Bucket, `${key}._S3rver_object`);
const read = async (Key: string) => {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket, Key }));
  return Buffer.from((await Body?.transformToByteArray()) ?? []);
};
/** Files of the bucket's top level still being written (not yet renamed onto their object). */
const writing = async () =>
  (await readdir(join(directory, Bucket))).filter((n) => n.endsWith(".writing"));

/** Starts a presigned PUT of `size` bytes and sends the first `sent` of them; the rest waits. */
async function startPut(Key: string, size: number, first: Buffer) {
  const url = new URL(
    await getSignedUrl(s3, new PutObjectCommand({ Bucket, Key }), { expiresIn: 60 }),
  );
  const req = request(url, { method: "PUT", headers: { "content-length": size } });
  const answered = new Promise<number>((resolve, reject) => {
    req.on("response", (res) => resolve(res.resume().statusCode ?? 0)).on("error", reject);
  });
  req.write(first);
  // Until the endpoint holds those bytes somewhere on disk (a file of its own, or in place).
  for (;;) {
    const names = await readdir(join(directory, Bucket));
    const sizes = await Promise.all(
      names.map(async (n) => (await stat(join(directory, Bucket, n))).size),
    );
    if (names.some((n, i) => n.endsWith(".writing") && (sizes[i] ?? 0) >= first.length)) break;
    if ((await stat(objectFile(Key))).size !== size) break; // s3rver's own write, in place
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { req, answered };
}

describe("the local S3 endpoint's writes", () => {
  it("answers a read during a PUT with the old object, whole", async () => {
    const Key = "during";
    const old = randomBytes(4 * MiB);
    await s3.send(new PutObjectCommand({ Bucket, Key, Body: old }));
    const next = randomBytes(4 * MiB);
    const { req, answered } = await startPut(Key, next.length, next.subarray(0, 2 * MiB));
    expect((await read(Key)).equals(old)).toBe(true);
    req.end(next.subarray(2 * MiB));
    expect(await answered).toBe(200);
    // Answered once durable: read at once, the new object is all there.
    expect((await read(Key)).equals(next)).toBe(true);
    expect(await writing()).toEqual([]);
  });

  it("keeps the old object when a PUT is cut short, and leaves nothing behind", async () => {
    const Key = "cut short";
    const old = randomBytes(MiB);
    await s3.send(new PutObjectCommand({ Bucket, Key, Body: old }));
    const next = randomBytes(4 * MiB);
    const { req, answered } = await startPut(Key, next.length, next.subarray(0, 2 * MiB));
    answered.catch(() => {});
    req.destroy();
    while ((await writing()).length) await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await read(Key)).equals(old)).toBe(true);
  });

  it("notifies of a completed multipart upload once its object is joined, not before", async () => {
    const Key = "joined";
    const events: S3Event[] = [];
    const onDisk: number[] = [];
    const subscription = await subscribeS3Events(endpoint.endpoint, Bucket, (event) => {
      events.push(event);
      // At the moment the event arrives, without asking the endpoint (which would wait).
      void stat(objectFile(Key)).then(
        (file) => onDisk.push(file.size),
        () => onDisk.push(-1),
      );
    });
    try {
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
      const parts = [randomBytes(8 * MiB), randomBytes(8 * MiB), randomBytes(8 * MiB)];
      const etags = [];
      for (const [i, Body] of parts.entries()) {
        const part = await s3.send(
          new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: i + 1, Body }),
        );
        etags.push(part.ETag);
      }
      await s3.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key,
          UploadId,
          MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
        }),
      );
      while (!onDisk.length) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(events[0]?.Records[0]?.s3.object).toMatchObject({ key: Key, size: 24 * MiB });
      expect(onDisk).toEqual([24 * MiB]);
      expect((await read(Key)).equals(Buffer.concat(parts))).toBe(true);
    } finally {
      subscription.close();
    }
  });
  it("answers requests for an object whose join failed, instead of holding them forever", async () => {
    // A key that makes s3rver's file for `blocked` a directory: the join cannot rename onto it.
    const Key = "blocked";
    await s3.send(new PutObjectCommand({ Bucket, Key: `${Key}._S3rver_object/x`, Body: "x" }));
    const errors: unknown[] = [];
    const logged = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
      const part = await s3.send(
        new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: randomBytes(1024) }),
      );
      await s3.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key,
          UploadId,
          MultipartUpload: { Parts: [{ ETag: part.ETag, PartNumber: 1 }] },
        }),
      );
      // Waits for the join, then goes on to s3rver (here an error: its file is a directory).
      await expect(s3.send(new GetObjectCommand({ Bucket, Key }))).rejects.toMatchObject({
        $metadata: { httpStatusCode: expect.any(Number) },
      });
      expect(errors).toHaveLength(1);
    } finally {
      console.error = logged;
    }
    expect((await read("during")).length).toBe(4 * MiB);
  });
});
