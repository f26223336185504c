import type { S3Event } from "aws-lambda";
import { logger } from "./logger";

/**
 * Subscribed to the media bucket's `ObjectCreated:*` events (S3 delivers them at least
 * once; s3rver names a completed multipart upload `ObjectCreated:Post`). Verifying the
 * bytes and writing derivatives arrives with the media feature; for now it records what
 * arrived, so the wiring is visible end to end.
 */
export const handler = async (event: S3Event) => {
  for (const record of event.Records) {
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, " "));
    logger.info("Object created", {
      eventName: record.eventName,
      bucket: record.s3.bucket.name,
      key,
      size: record.s3.object.size,
    });
  }
};
