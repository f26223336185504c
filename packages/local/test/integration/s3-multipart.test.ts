import { createHash, randomBytes } from "node:crypto";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { localS3Client } from "../s3-client";

// ListParts and AbortMultipartUpload, which the local S3 endpoint adds to s3rver, through
// the AWS SDK as the app calls them.
const s3 = localS3Client(inject("s3Endpoint"));
const Bucket = `multipart-${randomBytes(4).toString("hex")}`;
beforeAll(async () => {
  await s3.send(new CreateBucketCommand({ Bucket }));
});

async function uploadWithParts(Key: string, sizes: number[]) {
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
  const etags = [];
  const bodies = [];
  for (const [i, size] of sizes.entries()) {
    const Body = randomBytes(size);
    const out = await s3.send(
      new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: i + 1, Body }),
    );
    etags.push(out.ETag);
    bodies.push(Body);
  }
  return { UploadId, etags, bytes: Buffer.concat(bodies) };
}

describe("the local S3 endpoint's multipart extras", () => {
  it("lists parts page by page, as S3 does", async () => {
    const Key = "originals/u/paged file";
    const { UploadId, etags } = await uploadWithParts(Key, [10, 20, 30]);
    const first = await s3.send(new ListPartsCommand({ Bucket, Key, UploadId, MaxParts: 2 }));
    expect(first.Parts?.map((p) => [p.PartNumber, p.Size, p.ETag])).toEqual([
      [1, 10, etags[0]],
      [2, 20, etags[1]],
    ]);
    expect(first.IsTruncated).toBe(true);
    const rest = await s3.send(
      new ListPartsCommand({ Bucket, Key, UploadId, PartNumberMarker: first.NextPartNumberMarker }),
    );
    expect(rest.Parts?.map((p) => p.PartNumber)).toEqual([3]);
    expect(rest.IsTruncated).toBe(false);
  });

  it("answers NoSuchUpload for an unknown upload, or one of another key", async () => {
    const { UploadId } = await uploadWithParts("originals/u/mine", [5]);
    for (const [Key, id] of [
      ["originals/u/mine", "0123456789abcdef"],
      ["originals/u/theirs", UploadId],
      ["originals/u/mine", "../../etc"],
    ] as const) {
      await expect(
        s3.send(new ListPartsCommand({ Bucket, Key, UploadId: id })),
      ).rejects.toMatchObject({ name: "NoSuchUpload", $metadata: { httpStatusCode: 404 } });
    }
  });

  it("aborts an upload, after which it is unknown", async () => {
    const Key = "originals/u/aborted";
    const { UploadId } = await uploadWithParts(Key, [5]);
    await s3.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId }));
    await expect(s3.send(new ListPartsCommand({ Bucket, Key, UploadId }))).rejects.toMatchObject({
      name: "NoSuchUpload",
    });
    await expect(
      s3.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId })),
    ).rejects.toMatchObject({ name: "NoSuchUpload" });
  });

  it("completes an upload once when its completion is sent again while the parts are joined", async () => {
    // A retry arriving during the join (its first caller timed out) shares that join's result.
    const Key = "originals/u/completed twice";
    const { UploadId, etags, bytes } = await uploadWithParts(Key, [5 * 1024 * 1024, 1024]);
    const complete = () =>
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key,
          UploadId,
          MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
        }),
      );
    const [first, again] = await Promise.all([complete(), complete()]);
    expect(again.ETag).toBe(first.ETag);
    const object = await s3.send(new GetObjectCommand({ Bucket, Key }));
    expect(
      Buffer.from(
        await (
          object.Body as { transformToByteArray(): Promise<Uint8Array> }
        ).transformToByteArray(),
      ).equals(bytes),
    ).toBe(true);
    // Once joined, the upload is gone, as in S3.
    await expect(complete()).rejects.toMatchObject({ name: "NoSuchUpload" });
  });

  it("joins the parts into the object, replacing what the key held, with S3's multipart ETag", async () => {
    const Key = "originals/u/joined";
    // A larger object there before: nothing of it may survive the join.
    await s3.send(new PutObjectCommand({ Bucket, Key, Body: randomBytes(12 * 1024 * 1024) }));
    const sizes = [5 * 1024 * 1024, 5 * 1024 * 1024, 777];
    const { UploadId, etags, bytes } = await uploadWithParts(Key, sizes);
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key,
        UploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
    );
    // S3's ETag of a multipart object: the MD5 of the parts' binary MD5s, a dash, the count.
    const md5s = etags.map((etag) => Buffer.from((etag ?? "").replaceAll('"', ""), "hex"));
    const expected = `"${createHash("md5").update(Buffer.concat(md5s)).digest("hex")}-3"`;
    expect(done.ETag).toBe(expected);
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key }));
    expect([head.ETag, head.ContentLength]).toEqual([expected, bytes.length]);
    const object = await s3.send(new GetObjectCommand({ Bucket, Key }));
    const body = await (
      object.Body as { transformToByteArray(): Promise<Uint8Array> }
    ).transformToByteArray();
    expect(Buffer.from(body).equals(bytes)).toBe(true);
  });

  it("deletes for good an object deleted while its parts are still being joined", async () => {
    const Key = "originals/u/deleted at once";
    const { UploadId, etags } = await uploadWithParts(Key, [8 * 1024 * 1024, 8 * 1024 * 1024]);
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key,
        UploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
    );
    // At once, as the API deletes an item: a batch delete, which names no object in its path.
    await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key }] } }));
    await expect(s3.send(new HeadObjectCommand({ Bucket, Key }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
  });
});
