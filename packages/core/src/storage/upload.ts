import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { s3 } from "../clients";
import { config } from "../config";
import { clock } from "../time";
import { isS3Error } from "./errors";

/** S3 refuses a multipart upload of more parts than this. */
export const MAX_PARTS = 10_000;
/** Every part but the last must be at least this big (S3's rule). */
export const MIN_PART_BYTES = 5 * 1024 ** 2;
/**
 * How long a completion may take: within the API function's 20 seconds and API Gateway's 30,
 * with room for the checks around it.
 */
export const COMPLETE_TIMEOUT_MS = 15_000;
/** Part URLs signed per call: what one API answer carries. */
export const MAX_PARTS_PER_BATCH = 100;

/** A presigned single PUT, as the API hands it to a client. */
export interface PresignedPut {
  method: "PUT";
  url: string;
  /** Send exactly these headers with the bytes; S3 refuses the upload otherwise. */
  headers: Record<string, string>;
  /** ISO time after which the URL no longer works. */
  expiresAt: string;
}

/** What {@link presignPut} binds the upload to. */
export interface PutTerms {
  key: string;
  contentType: string;
  /** The exact number of bytes. */
  contentLength: number;
  /** Base64 SHA-256 of the bytes, when the client promised one. */
  checksumSha256?: string;
  expiresInSeconds: number;
}

const expiresAt = (seconds: number) => new Date(clock.now() + seconds * 1000).toISOString();
const signingDate = () => new Date(clock.now());

/**
 * A presigned PUT bound to the content type, the length and, when given, the SHA-256: they
 * are signed headers (`X-Amz-SignedHeaders`), so S3 refuses a request whose headers differ
 * and checks the bytes against the checksum. (s3rver, the local stand-in, checks no
 * signatures: Process must check the stored object anyway.)
 */
export async function presignPut(terms: PutTerms): Promise<PresignedPut> {
  const headers: Record<string, string> = {
    "content-type": terms.contentType,
    "content-length": String(terms.contentLength),
    ...(terms.checksumSha256 ? { "x-amz-checksum-sha256": terms.checksumSha256 } : {}),
  };
  const url = await getSignedUrl(
    s3(),
    new PutObjectCommand({
      Bucket: config.bucketName(),
      Key: terms.key,
      ContentType: terms.contentType,
      ContentLength: terms.contentLength,
      ChecksumSHA256: terms.checksumSha256,
    }),
    {
      expiresIn: terms.expiresInSeconds,
      signingDate: signingDate(),
      // The presigner leaves content-type unsigned and moves x-amz-* headers into the query
      // unless told otherwise: both must stay signed headers the client sends.
      signableHeaders: new Set(["content-type", "content-length"]),
      unhoistableHeaders: new Set(["x-amz-checksum-sha256"]),
    },
  );
  return { method: "PUT", url, headers, expiresAt: expiresAt(terms.expiresInSeconds) };
}

/** One part S3 holds for a multipart upload. */
export interface UploadedPart {
  partNumber: number;
  etag: string;
  size: number;
}

/**
 * S3 multipart uploads: the browser PUTs each part straight to S3 with a presigned URL; the
 * API creates, lists, completes and aborts. A bucket lifecycle rule aborts uploads left
 * incomplete, so abandoned parts stop costing money even if nobody calls {@link abort}.
 */
export const Multipart = {
  /**
   * The part size for a file: S3's 5 MiB minimum, raised in whole MiB until the file
   * needs at most {@link MAX_PARTS} parts.
   */
  partSize(totalBytes: number): number {
    const mib = 1024 ** 2;
    return Math.max(MIN_PART_BYTES, Math.ceil(totalBytes / MAX_PARTS / mib) * mib);
  },

  /** Starts an upload; the object gets this content type when it completes. */
  async create(terms: { key: string; contentType: string }): Promise<{ uploadId: string }> {
    const { UploadId } = await s3().send(
      new CreateMultipartUploadCommand({
        Bucket: config.bucketName(),
        Key: terms.key,
        ContentType: terms.contentType,
      }),
    );
    if (!UploadId) throw new Error("S3 started a multipart upload without an id");
    return { uploadId: UploadId };
  },

  /**
   * Presigned `UploadPart` URLs, one per part number (1–{@link MAX_PARTS}, at most
   * {@link MAX_PARTS_PER_BATCH} per call). Signing is local: no request to S3.
   */
  async signParts(terms: {
    key: string;
    uploadId: string;
    partNumbers: readonly number[];
    expiresInSeconds: number;
  }): Promise<{ partNumber: number; url: string }[]> {
    if (terms.partNumbers.length > MAX_PARTS_PER_BATCH) {
      throw new RangeError(`At most ${MAX_PARTS_PER_BATCH} part URLs per call`);
    }
    for (const n of terms.partNumbers) {
      if (!Number.isInteger(n) || n < 1 || n > MAX_PARTS) throw new RangeError(`No part ${n}`);
    }
    const date = signingDate();
    return Promise.all(
      terms.partNumbers.map(async (partNumber) => ({
        partNumber,
        url: await getSignedUrl(
          s3(),
          new UploadPartCommand({
            Bucket: config.bucketName(),
            Key: terms.key,
            UploadId: terms.uploadId,
            PartNumber: partNumber,
          }),
          { expiresIn: terms.expiresInSeconds, signingDate: date },
        ),
      })),
    );
  },

  /**
   * The parts S3 already holds, in order: what a client resumes from. `undefined` when
   * the upload no longer exists (completed or aborted).
   */
  async listParts(terms: { key: string; uploadId: string }): Promise<UploadedPart[] | undefined> {
    const parts: UploadedPart[] = [];
    let marker: string | undefined;
    try {
      do {
        const page = await s3().send(
          new ListPartsCommand({
            Bucket: config.bucketName(),
            Key: terms.key,
            UploadId: terms.uploadId,
            PartNumberMarker: marker,
          }),
        );
        for (const part of page.Parts ?? []) {
          parts.push({
            partNumber: part.PartNumber ?? 0,
            etag: part.ETag ?? "",
            size: part.Size ?? 0,
          });
        }
        marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
      } while (marker);
    } catch (error) {
      if (isS3Error(error, "NoSuchUpload")) return undefined;
      throw error;
    }
    return parts;
  },

  /**
   * Joins the parts into the object (which then notifies Process). S3 may take a while to
   * join a large object (it keeps the connection alive meanwhile; the local endpoint says
   * nothing until it is done), so this call waits up to {@link COMPLETE_TIMEOUT_MS}. A
   * completion whose answer was lost leaves the upload gone (`NoSuchUpload` on a retry) and
   * the object there: callers check the object.
   */
  async complete(terms: {
    key: string;
    uploadId: string;
    parts: readonly { partNumber: number; etag: string }[];
  }): Promise<void> {
    await s3().send(
      new CompleteMultipartUploadCommand({
        Bucket: config.bucketName(),
        Key: terms.key,
        UploadId: terms.uploadId,
        MultipartUpload: {
          Parts: [...terms.parts]
            .sort((a, b) => a.partNumber - b.partNumber)
            .map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })),
        },
      }),
      { requestTimeout: COMPLETE_TIMEOUT_MS },
    );
  },

  /** Drops the upload and its parts. An upload that is already gone is not an error. */
  async abort(terms: { key: string; uploadId: string }): Promise<void> {
    try {
      await s3().send(
        new AbortMultipartUploadCommand({
          Bucket: config.bucketName(),
          Key: terms.key,
          UploadId: terms.uploadId,
        }),
      );
    } catch (error) {
      if (!isS3Error(error, "NoSuchUpload")) throw error;
    }
  },
};
