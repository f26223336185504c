/**
 * Hands an item stuck in `processing` back to Process: the sweep sends the Processing queue
 * the S3 event its original would have caused, and Process takes it like any other. Kept
 * apart from the rest of processing so the sweep does not load image libraries.
 * @module
 */
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { sqs } from "../../clients";
import { config } from "../../config";
import { ObjectKey } from "../../storage";
import { clock } from "../../time";

/** An S3 event notification for one new object, as S3 writes it (keys URL-encoded). */
export function objectCreatedEvent(bucketName: string, key: string, size: number) {
  return {
    Records: [
      {
        eventVersion: "2.1",
        eventSource: "aws:s3",
        eventTime: new Date(clock.now()).toISOString(),
        // Not an S3 event name: says in the log that the sweep, not S3, sent it.
        eventName: "ObjectCreated:Redrive",
        s3: {
          s3SchemaVersion: "1.0",
          configurationId: "Redrive",
          bucket: { name: bucketName, arn: `arn:aws:s3:::${bucketName}` },
          object: { key: encodeURIComponent(key).replaceAll("%2F", "/"), size },
        },
      },
    ],
  };
}

/** Sends the Processing queue the event of the item's original. */
export async function redrive(item: { ownerId: string; mediaId: string; size: number }) {
  const key = ObjectKey.original(item.ownerId, item.mediaId);
  const body = objectCreatedEvent(config.bucketName(), key, item.size);
  await sqs().send(
    new SendMessageCommand({
      QueueUrl: config.processingQueueUrl(),
      MessageBody: JSON.stringify(body),
    }),
  );
}
