import { bucket } from "@sharespace/core/bucket";
import { logger } from "./logger";

/** An object Process must not touch: its key is not under `originals/`. */
export class NotAnOriginalError extends Error {
  override readonly name = "NotAnOriginalError";
  readonly code = "not_an_original";
  constructor(readonly key: string) {
    super(`${key} is not under ${bucket.prefixes.originals}`);
  }
}

/**
 * What Process does with one new object: the seam the media feature fills in (verify the
 * bytes, write derivatives under `derived/`, record the result). Today it checks the key and
 * records what arrived. S3 and SQS deliver at least once, so this may run more than once
 * for the same object, even concurrently: it must be idempotent.
 * @param bucketName The bucket, as the event names it.
 * @param key The object key, decoded (events carry it URL-encoded).
 * @param size The object's size in bytes, as the event reports it.
 * @throws NotAnOriginalError for a key outside `originals/` (the notification's filter
 * should make that impossible, so it is left to fail and end in the dead-letter queue).
 */
export async function processObject(bucketName: string, key: string, size: number): Promise<void> {
  if (!key.startsWith(bucket.prefixes.originals)) throw new NotAnOriginalError(key);
  logger.info("Object created", { bucket: bucketName, key, size });
}
