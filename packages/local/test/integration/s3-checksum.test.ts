import { createHash, randomBytes } from "node:crypto";
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { localS3Client } from "../s3-client";

// A write's `x-amz-checksum-sha256` checked against its bytes, as S3 checks it: the app's
// presigned PUT carries the checksum the client promised, and what Process trusts depends on
// S3 having refused bytes that differ. Sent as the browser sends it: `fetch` to a presigned URL
// with the checksum as a signed header.
const s3 = localS3Client(inject("s3Endpoint"), { responseChecksumValidation: "WHEN_REQUIRED" });
const Bucket = `checksum-${randomBytes(4).toString("hex")}`;
beforeAll(async () => {
  await s3.send(new CreateBucketCommand({ Bucket }));
});

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("base64");
/** How the app presigns a write: the checksum stays a header, which S3 checks. */
const signing = { expiresIn: 60, unhoistableHeaders: new Set(["x-amz-checksum-sha256"]) };

/** PUTs `body` to `url` with `checksum` as its header (none when undefined). */
const put = (url: string, body: Uint8Array, checksum?: string) =>
  fetch(url, {
    method: "PUT",
    body,
    headers: checksum === undefined ? {} : { "x-amz-checksum-sha256": checksum },
  });

/** PUTs `body` to `Key` through a presigned URL, promising `checksum`. */
async function putObject(Key: string, body: Uint8Array, checksum?: string) {
  const command = new PutObjectCommand({ Bucket, Key, ChecksumSHA256: checksum });
  const url = await getSignedUrl(s3, command, signing);
  return put(url, body, checksum);
}

const head = (Key: string, checksums = true) =>
  s3.send(new HeadObjectCommand({ Bucket, Key, ...(checksums && { ChecksumMode: "ENABLED" }) }));

async function read(Key: string): Promise<Buffer> {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket, Key }));
  return Buffer.from((await Body?.transformToByteArray()) ?? []);
}

/** Expects S3's BadDigest answer. */
async function expectBadDigest(res: Response) {
  expect(res.status).toBe(400);
  const body = await res.text();
  expect(body).toContain("<Code>BadDigest</Code>");
  expect(body).toContain(
    "<Message>The SHA256 you specified did not match the calculated checksum.</Message>",
  );
  expect(res.headers.get("x-amz-checksum-sha256")).toBeNull();
}

describe("a PUT carrying x-amz-checksum-sha256", () => {
  it("is refused with 400 BadDigest when the bytes differ, and nothing is stored", async () => {
    const Key = "originals/u/corrupted";
    const bytes = randomBytes(256 * 1024);
    await expectBadDigest(await putObject(Key, bytes, sha256(randomBytes(16))));
    await expect(head(Key)).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });

  it("leaves the object already at the key as it was, checksum included", async () => {
    const Key = "originals/u/kept";
    const old = randomBytes(64 * 1024);
    expect((await putObject(Key, old, sha256(old))).status).toBe(200);
    const next = randomBytes(64 * 1024);
    await expectBadDigest(await putObject(Key, next, sha256(old)));
    expect((await read(Key)).equals(old)).toBe(true);
    expect((await head(Key)).ChecksumSHA256).toBe(sha256(old));
  });

  it("is stored when the bytes match, answering the checksum, which HEAD and GET answer when asked", async () => {
    const Key = "originals/u/whole";
    const bytes = randomBytes(300 * 1024);
    const res = await putObject(Key, bytes, sha256(bytes));
    expect(res.status).toBe(200);
    expect(res.headers.get("x-amz-checksum-sha256")).toBe(sha256(bytes));
    expect(res.headers.get("x-amz-checksum-type")).toBe("FULL_OBJECT");

    const asked = await head(Key);
    expect([asked.ChecksumSHA256, asked.ChecksumType]).toEqual([sha256(bytes), "FULL_OBJECT"]);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key, ChecksumMode: "ENABLED" }));
    expect(got.ChecksumSHA256).toBe(sha256(bytes));
    expect(Buffer.from((await got.Body?.transformToByteArray()) ?? []).equals(bytes)).toBe(true);
    // Not asked, or for a range (not the bytes the checksum is of): none.
    expect((await head(Key, false)).ChecksumSHA256).toBeUndefined();
    const range = await s3.send(
      new GetObjectCommand({ Bucket, Key, Range: "bytes=0-99", ChecksumMode: "ENABLED" }),
    );
    expect(range.ChecksumSHA256).toBeUndefined();
    await range.Body?.transformToByteArray();
  });

  it("is forgotten when the object is written again without one", async () => {
    const Key = "originals/u/rewritten";
    const first = randomBytes(1024);
    expect((await putObject(Key, first, sha256(first))).status).toBe(200);
    expect((await head(Key)).ChecksumSHA256).toBe(sha256(first));
    const second = randomBytes(2048);
    const res = await putObject(Key, second);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-amz-checksum-sha256")).toBeNull();
    const after = await head(Key);
    expect([after.ContentLength, after.ChecksumSHA256]).toEqual([2048, undefined]);
  });

  it("is refused with 400 InvalidRequest when the value is not a SHA-256", async () => {
    const Key = "originals/u/malformed";
    const res = await putObject(Key, randomBytes(1024), "bm90IGEgY2hlY2tzdW0=");
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("<Code>InvalidRequest</Code>");
    await expect(head(Key)).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });
});

describe("an UploadPart carrying x-amz-checksum-sha256", () => {
  it("is refused with 400 BadDigest when the part's bytes differ, and the part is not kept", async () => {
    const Key = "originals/u/parts";
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    const part = (PartNumber: number, checksum: string) =>
      getSignedUrl(
        s3,
        new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, ChecksumSHA256: checksum }),
        signing,
      );
    const good = randomBytes(5 * 1024 * 1024);
    const ok = await put(await part(1, sha256(good)), good, sha256(good));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-amz-checksum-sha256")).toBe(sha256(good));
    // A part's checksum is of the part only: S3 answers no type for it.
    expect(ok.headers.get("x-amz-checksum-type")).toBeNull();

    const bad = randomBytes(1024);
    await expectBadDigest(await put(await part(2, sha256(good)), bad, sha256(good)));
    const { Parts } = await s3.send(new ListPartsCommand({ Bucket, Key, UploadId }));
    expect(Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([[1, good.length]]);
  });
});
