import { Processing } from "@sharespace/core/media/process";
import { clock } from "@sharespace/core/time";
import { logger } from "./logger";

/** Time kept back from the function's timeout for recording an outcome and answering. */
const MARGIN_MS = 10_000;
/**
 * The most one object may take: records run one after another, so one huge file (hashing
 * 16 GiB) must leave the others of its batch time to finish before the timeout.
 */
const PER_OBJECT_MS = 180_000;

/**
 * What Process does with one new object: core verifies the bytes, writes derivatives under
 * `derived/` and records `ready` or `failed` (`@sharespace/core/media/process`). S3 and SQS
 * deliver at least once, so this may run more than once for the same object, even
 * concurrently: core makes that harmless.
 * @param bucketName The bucket, as the event names it.
 * @param key The object key, decoded (events carry it URL-encoded).
 * @param size The object's size in bytes, as the event reports it.
 * @param remainingMs The invocation's remaining time (`context.getRemainingTimeInMillis()`).
 * @throws NotAnUploadError for a key outside `originals/` (the notification's filter makes
 * that impossible, so it is left to fail and end in the dead-letter queue); whatever is worth
 * retrying (an S3 or DynamoDB outage, a poster ahead of its video).
 */
export async function processObject(
  bucketName: string,
  key: string,
  size: number,
  remainingMs: number,
): Promise<void> {
  const now = clock.now();
  const deadline = Math.min(now + remainingMs - MARGIN_MS, now + PER_OBJECT_MS);
  const outcome = await Processing.processObject(key, { deadline, size });
  logger.info("Object processed", { bucket: bucketName, key, size, ...outcome });
}
