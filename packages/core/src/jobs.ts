/**
 * Sending work to the app's queues (`queue.ts`) from a function: through SST's link to the
 * queue (`Resource.<Queue>.url`) and the SQS client, so the local stack's stand-in receives
 * it the same way.
 * @module
 */
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { Resource } from "sst";
import { sqs } from "./clients";
import type { QueueName } from "./queue";

/** Sends one message (JSON) to a declared queue. */
export async function enqueue(queue: QueueName, message: unknown): Promise<void> {
  const { url } = (Resource as unknown as Record<QueueName, { url: string }>)[queue];
  await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(message) }));
}
