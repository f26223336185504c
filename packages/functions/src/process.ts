import { queues } from "@sharespace/core/queue";
import type { Context, SQSEvent, SQSRecord } from "aws-lambda";
import * as v from "valibot";
import { processBatch } from "./batch";
import { logger } from "./logger";
import { countRetry, withMetrics } from "./metrics";
import { processObject } from "./process-object";

/** A message whose body is not an S3 event notification: it fails, and alone. */
export class MalformedNotificationError extends Error {
  override readonly name = "MalformedNotificationError";
  readonly code = "malformed_notification";
}

/** What S3 sends a queue: event records, and once, when the notification is set up, a test event. */
const S3Notification = v.looseObject({
  Records: v.array(
    v.looseObject({
      eventName: v.string(),
      s3: v.looseObject({
        bucket: v.looseObject({ name: v.string() }),
        object: v.looseObject({ key: v.string(), size: v.number() }),
      }),
    }),
  ),
});
const S3TestEvent = v.looseObject({ Event: v.literal("s3:TestEvent") });

/** The records of a message's S3 event notification; none for S3's test event. */
function parseNotification(body: string): v.InferOutput<typeof S3Notification>["Records"] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MalformedNotificationError("The message body is not JSON");
  }
  const result = v.safeParse(S3Notification, json);
  if (result.success) return result.output.Records;
  if (v.is(S3TestEvent, json)) return [];
  throw new MalformedNotificationError("The message body is not an S3 event notification");
}

/** Keys arrive URL-encoded like a form field: `+` is a space. */
function decodeKey(key: string): string {
  try {
    return decodeURIComponent(key.replaceAll("+", " "));
  } catch {
    throw new MalformedNotificationError(`The object key ${key} is not URL-encoded`);
  }
}

async function processRecord(record: SQSRecord, context?: Context): Promise<void> {
  countRetry(record);
  try {
    for (const { eventName, s3 } of parseNotification(record.body)) {
      if (!eventName.startsWith("ObjectCreated:")) {
        logger.warn("Event ignored", { eventName, key: s3.object.key });
        continue;
      }
      const remainingMs = context?.getRemainingTimeInMillis() ?? DEFAULT_REMAINING_MS;
      await processObject(s3.bucket.name, decodeKey(s3.object.key), s3.object.size, remainingMs);
    }
  } catch (error) {
    logger.error("Message failed", { messageId: record.messageId, error });
    throw error;
  }
}

/** When no context says (a test calling the handler directly): the declared timeout. */
const DEFAULT_REMAINING_MS = queues.Processing.consumerTimeoutSeconds * 1000;

/**
 * Consumes the Processing queue, which S3 notifies of every new original (see
 * `core/bucket.ts`). Each message is one S3 event notification; a message that fails
 * (malformed, or its object's processing threw) is reported in `batchItemFailures`, so
 * only it returns to the queue, and after `maxReceiveCount` receives lands in the
 * dead-letter queue, never holding back the rest of its batch. Records run one after another:
 * each may hold a large image in memory.
 */
export const handler = async (event: SQSEvent, context: Context) => {
  logger.addContext(context);
  return withMetrics(() => processBatch(event, processRecord, context));
};
