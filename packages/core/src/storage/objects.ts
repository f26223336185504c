import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { budgets, s3 } from "../clients";
import { config } from "../config";
import { clock } from "../time";
import { attachment } from "./disposition";
import { isS3Error } from "./errors";

/** No presigned GET lives longer than this (the API contract: at most one hour). */
export const MAX_GET_SECONDS = 60 * 60;

/** A presigned GET. */
export interface PresignedGet {
  url: string;
  /** ISO time after which the URL no longer works. */
  expiresAt: string;
}

/** What {@link presignGet} serves. */
export interface GetTerms {
  key: string;
  /** At most {@link MAX_GET_SECONDS}; link visitors get shorter ones. */
  expiresInSeconds: number;
  /** The `Content-Type` S3 answers with, whatever the object was stored with. */
  contentType?: string;
  /** Served as an attachment under this filename (`Content-Disposition`), not shown inline. */
  downloadAs?: string;
}

/**
 * A presigned GET. The content type and disposition are part of the signed URL
 * (`response-content-type`, `response-content-disposition`), so a holder cannot change them.
 */
export async function presignGet(terms: GetTerms): Promise<PresignedGet> {
  if (terms.expiresInSeconds > MAX_GET_SECONDS || terms.expiresInSeconds < 1) {
    throw new RangeError(`A GET URL lives 1 to ${MAX_GET_SECONDS} seconds`);
  }
  const url = await getSignedUrl(
    s3(),
    new GetObjectCommand({
      Bucket: config.bucketName(),
      Key: terms.key,
      ResponseContentType: terms.contentType,
      ResponseContentDisposition: terms.downloadAs ? attachment(terms.downloadAs) : undefined,
    }),
    { expiresIn: terms.expiresInSeconds, signingDate: new Date(clock.now()) },
  );
  return { url, expiresAt: new Date(clock.now() + terms.expiresInSeconds * 1000).toISOString() };
}

/** What S3 says about a stored object. */
export interface ObjectInfo {
  size: number;
  contentType?: string;
  /** Base64 SHA-256 S3 recorded, when the upload carried one. */
  checksumSha256?: string;
}

/** The object's size and type; `undefined` when there is no such object. */
export async function head(key: string): Promise<ObjectInfo | undefined> {
  try {
    const out = await s3().send(
      new HeadObjectCommand({ Bucket: config.bucketName(), Key: key, ChecksumMode: "ENABLED" }),
    );
    return {
      size: out.ContentLength ?? 0,
      contentType: out.ContentType,
      checksumSha256: out.ChecksumSHA256,
    };
  } catch (error) {
    if (isS3Error(error, "NotFound", "NoSuchKey")) return undefined;
    throw error;
  }
}

/**
 * The bytes of an object, or of `range` (inclusive byte offsets, as HTTP's `Range`), in
 * memory: for derivatives and for the first bytes of an original (magic bytes, metadata).
 * `undefined` when there is no such object.
 */
export async function read(
  key: string,
  range?: { start: number; end: number },
): Promise<Uint8Array | undefined> {
  try {
    const out = await s3().send(
      new GetObjectCommand({
        Bucket: config.bucketName(),
        Key: key,
        Range: range ? `bytes=${range.start}-${range.end}` : undefined,
      }),
    );
    return await out.Body?.transformToByteArray();
  } catch (error) {
    if (isS3Error(error, "NoSuchKey", "NotFound")) return undefined;
    throw error;
  }
}

/**
 * Bytes `range` of an object (inclusive offsets), copied into `target` as they arrive, for
 * a large original read in parallel ranges: `read` would gather each range's chunks and copy
 * them into one array, and the caller copy that again. Answers how many bytes came (fewer
 * than asked when the object is shorter), `undefined` when there is no such object. More
 * than `target` holds is an error; so is aborting `signal`.
 */
export async function readInto(
  key: string,
  range: { start: number; end: number },
  target: Uint8Array,
  signal?: AbortSignal,
): Promise<number | undefined> {
  try {
    const out = await s3().send(
      new GetObjectCommand({
        Bucket: config.bucketName(),
        Key: key,
        Range: `bytes=${range.start}-${range.end}`,
      }),
      signal ? { abortSignal: signal } : {},
    );
    // In Node the body is the response's Readable, which iterates its chunks.
    const body = out.Body as (AsyncIterable<Uint8Array> & { destroy(): void }) | undefined;
    let at = 0;
    for await (const chunk of body ?? []) {
      if (at + chunk.byteLength > target.byteLength) {
        body?.destroy();
        throw new RangeError(`${key} answered more than the ${target.byteLength} bytes asked`);
      }
      target.set(chunk, at);
      at += chunk.byteLength;
    }
    return at;
  } catch (error) {
    if (isS3Error(error, "NoSuchKey", "NotFound")) return undefined;
    throw error;
  }
}

/** Bytes a PUT may take to send on top of the client's request timeout: 8 MiB/s at worst. */
const SEND_BYTES_PER_MS = (8 * 1024 ** 2) / 1000;

/**
 * Stores bytes the app made (a derivative), private and cacheable for a year (keys are
 * immutable: a new version gets a new item). The request timeout grows with the body.
 */
export async function write(key: string, body: Uint8Array, contentType: string): Promise<void> {
  await s3().send(
    new PutObjectCommand({
      Bucket: config.bucketName(),
      Key: key,
      Body: body,
      ContentType: contentType,
      CacheControl: "private, max-age=31536000, immutable",
    }),
    {
      requestTimeout: budgets.s3.requestTimeoutMs + Math.ceil(body.byteLength / SEND_BYTES_PER_MS),
    },
  );
}

/** Deletes objects by key (missing ones are fine), 1000 per request as S3 allows. */
export async function remove(keys: readonly string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 1000) {
    const batch = keys.slice(i, i + 1000);
    const out = await s3().send(
      new DeleteObjectsCommand({
        Bucket: config.bucketName(),
        Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
      }),
    );
    if (out.Errors?.length) {
      throw new Error(
        `S3 kept ${out.Errors.length} of ${batch.length} objects it was told to delete`,
      );
    }
  }
}

/** Every key under a prefix, page by page (a Query-like listing, never the whole bucket). */
export async function* keysUnder(prefix: string): AsyncGenerator<string[]> {
  let token: string | undefined;
  do {
    const page = await s3().send(
      new ListObjectsV2Command({
        Bucket: config.bucketName(),
        Prefix: prefix,
        ContinuationToken: token,
      }),
    );
    const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : []));
    if (keys.length) yield keys;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

/** Deletes every object under a prefix (a media item's derivatives, an owner's everything). */
export async function removeUnder(prefix: string): Promise<void> {
  for await (const keys of keysUnder(prefix)) await remove(keys);
}
