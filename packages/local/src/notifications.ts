/**
 * What S3 does with a bucket's event notifications (`bucket.notifications` in
 * `@sharespace/core/bucket`): a record matches a notification when its event type is one the
 * notification names (`s3:ObjectCreated:*` covers every `ObjectCreated:` type) and its key
 * starts with the prefix and ends with the suffix; each match is sent to the notification's
 * queue as its own message, an event with that one record, `configurationId` set to the
 * notification's name. Source: the S3 User Guide's "Amazon S3 Event Notifications" and
 * "Configuring event notifications using object key name filtering" (see the README).
 * @module
 */
import type { BucketNotification } from "@sharespace/core/bucket";
import type { QueueName } from "@sharespace/core/queue";
import type { S3Event, S3EventRecord } from "./s3-event";

/** One message S3 would send. */
export interface NotificationMessage {
  queue: QueueName;
  /** The event notification, as JSON: `{"Records":[...]}`. */
  body: string;
}

/** Whether S3 would send `record` under `notification`. */
export function matches(notification: BucketNotification, record: S3EventRecord): boolean {
  const type = `s3:${record.eventName}`;
  const typeMatches = notification.events.some((event) =>
    event.endsWith(":*") ? type.startsWith(event.slice(0, -1)) : type === event,
  );
  if (!typeMatches) return false;
  // Filters apply to the key itself; events carry it URL-encoded.
  const key = decodeEventKey(record.s3.object.key);
  return (
    key.startsWith(notification.filterPrefix ?? "") && key.endsWith(notification.filterSuffix ?? "")
  );
}

/** The messages S3 would send for `event`, in the order of its records. */
export function notificationMessages(
  notifications: readonly BucketNotification[],
  event: S3Event,
): NotificationMessage[] {
  return event.Records.flatMap((record) =>
    notifications
      .filter((notification) => matches(notification, record))
      .map((notification) => ({
        queue: notification.queue,
        body: JSON.stringify({
          Records: [{ ...record, s3: { ...record.s3, configurationId: notification.name } }],
        }),
      })),
  );
}

/** The key as written in an event (form-style URL encoding) back to the key itself. */
export function decodeEventKey(key: string): string {
  try {
    return decodeURIComponent(key.replaceAll("+", " "));
  } catch {
    return key;
  }
}
