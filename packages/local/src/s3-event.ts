/**
 * S3 event notifications in the shape S3 delivers them to Lambda, built from the records
 * s3rver emits. s3rver's own records differ from S3's in small ways that handlers notice: the
 * key is not URL-encoded, the bucket ARN is malformed. The event name is passed through, and
 * there s3rver differs too: it calls a completed multipart upload `ObjectCreated:Post`, where
 * S3 says `ObjectCreated:CompleteMultipartUpload`, so handlers should accept any
 * `ObjectCreated:*` (the deployed notification subscribes to all of them anyway).
 * @module
 */
import { randomBytes } from "node:crypto";
import type { S3Event, S3EventRecord } from "aws-lambda";

export type { S3Event, S3EventRecord } from "aws-lambda";

/** The part of an s3rver event record this module reads. */
export interface S3rverRecord {
  eventTime: string;
  eventName: string;
  requestParameters?: { sourceIPAddress?: string };
  s3: {
    bucket: { name: string };
    object: { key: string; size?: number; eTag?: string; sequencer?: string };
  };
}

/**
 * The object key as S3 writes it in event notifications: URL-encoded like a form field
 * (a space becomes `+`, a `+` becomes `%2B`) with `/` left as it is.
 */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key).replaceAll("%2F", "/").replaceAll("%20", "+");
}

const hex = (bytes: number) => randomBytes(bytes).toString("hex").toUpperCase();

/** One s3rver record as the record S3 would put in a Lambda event. */
export function toS3EventRecord(record: S3rverRecord, region: string): S3EventRecord {
  const { bucket, object } = record.s3;
  return {
    eventVersion: "2.1",
    eventSource: "aws:s3",
    awsRegion: region,
    eventTime: record.eventTime,
    eventName: record.eventName,
    userIdentity: { principalId: "AWS:LOCAL" },
    requestParameters: {
      sourceIPAddress: record.requestParameters?.sourceIPAddress ?? "127.0.0.1",
    },
    responseElements: {
      "x-amz-request-id": hex(8),
      "x-amz-id-2": randomBytes(48).toString("base64"),
    },
    s3: {
      s3SchemaVersion: "1.0",
      configurationId: "local",
      bucket: {
        name: bucket.name,
        ownerIdentity: { principalId: "LOCAL" },
        arn: `arn:aws:s3:::${bucket.name}`,
      },
      object: {
        key: encodeEventKey(object.key),
        size: Number(object.size ?? 0),
        // S3 leaves the ETag's quotes out of events; s3rver has none for copies.
        eTag: (object.eTag ?? "").replaceAll('"', ""),
        sequencer: object.sequencer ?? Date.now().toString(16).toUpperCase(),
      },
    },
  };
}

/** The Lambda event for one s3rver event (S3 sends one record per event). */
export function toS3Event(event: { Records: S3rverRecord[] }, region: string): S3Event {
  return { Records: event.Records.map((record) => toS3EventRecord(record, region)) };
}
