/**
 * The queues' `SendMessage` through the real SQS client, configured only by the environment
 * handlers get (`AWS_ENDPOINT_URL_SQS`, `SST_RESOURCE_Processing`): what the client sends
 * lands in the queue (after its `DelaySeconds`), and what SQS refuses is refused with SQS's
 * error types.
 */
import {
  GetQueueAttributesCommand,
  QueueDoesNotExist,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../stack";

let stack: TestStack;
beforeAll(async () => {
  // A consumer that takes nothing: messages stay where the test can read them.
  stack = await createTestStack({
    handlers: {
      Process: async (event) => ({
        batchItemFailures: event.Records.map((r: { messageId: string }) => ({
          itemIdentifier: r.messageId,
        })),
      }),
    },
  });
});
afterAll(() => stack?.close());

// Built as a handler builds it: endpoint, region and keys from the environment.
const sqs = () => new SQSClient({ maxAttempts: 1 });
const queueUrl = () => JSON.parse(process.env.SST_RESOURCE_Processing ?? "{}").url as string;

describe("the SQS stand-in", () => {
  it("is where handlers' SQS client sends, and the queue's link carries its URL", () => {
    expect(process.env.AWS_ENDPOINT_URL_SQS).toBe(`${stack.url}/_local/sqs`);
    expect(queueUrl()).toBe(`${stack.url}/_local/sqs/000000000000/sharespace-local-Processing`);
  });

  it("puts a message sent with SendMessage in the queue, with its id (the SDK checks the MD5)", async () => {
    const body = JSON.stringify({ hello: "queue", n: Math.random() });
    const sent = await sqs().send(
      new SendMessageCommand({ QueueUrl: queueUrl(), MessageBody: body }),
    );
    const held = stack.queues.messages("Processing").find((m) => m.messageId === sent.MessageId);
    expect(held?.body).toBe(body);
  });

  it("hides a message sent with DelaySeconds until that much time has passed", async () => {
    const body = JSON.stringify({ delayed: Math.random() });
    const sent = await sqs().send(
      new SendMessageCommand({ QueueUrl: queueUrl(), MessageBody: body, DelaySeconds: 60 }),
    );
    const held = () =>
      stack.queues.messages("Processing").find((m) => m.messageId === sent.MessageId);
    await stack.queues.idle();
    stack.clock.advance(59_000);
    await stack.queues.idle();
    expect(held()?.receiveCount).toBe(0);
    stack.clock.advance(1_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await stack.queues.idle();
    expect(held()?.receiveCount).toBe(1);
    await expect(
      sqs().send(
        new SendMessageCommand({ QueueUrl: queueUrl(), MessageBody: "x", DelaySeconds: 901 }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterValue" });
  });

  it("refuses an unknown queue, an empty or oversized body, and other actions", async () => {
    const unknown = `${stack.url}/_local/sqs/000000000000/sharespace-local-Nothing`;
    await expect(
      sqs().send(new SendMessageCommand({ QueueUrl: unknown, MessageBody: "x" })),
    ).rejects.toBeInstanceOf(QueueDoesNotExist);
    await expect(
      sqs().send(new SendMessageCommand({ QueueUrl: queueUrl(), MessageBody: "" })),
    ).rejects.toMatchObject({ name: "MissingParameter" });
    await expect(
      sqs().send(
        new SendMessageCommand({ QueueUrl: queueUrl(), MessageBody: "x".repeat(256 * 1024 + 1) }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterValue" });
    await expect(
      sqs().send(new GetQueueAttributesCommand({ QueueUrl: queueUrl() })),
    ).rejects.toMatchObject({ name: "UnsupportedOperation" });
  });
});
