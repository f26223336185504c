/**
 * The real Process function (Powertools' batch processor) behind the local Processing queue:
 * a poisoned message fails alone, is retried until `maxReceiveCount`, then rests in the
 * dead-letter queue, while the rest of its batch succeeds the first time.
 */
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { queues, visibilityTimeoutSeconds } from "@sharespace/core/queue";
import type { SQSEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InvocationOutcome, StoredMessage } from "../../src/queue";
import { toS3Event } from "../../src/s3-event";
import { createTestStack, type TestStack } from "../stack";

let stack: TestStack;
const invocations: { event: SQSEvent; outcome: InvocationOutcome }[] = [];
const deadLetters: StoredMessage[] = [];
const errors: unknown[] = [];
beforeAll(async () => {
  stack = await createTestStack({
    onError: (error) => errors.push(error),
    onConsumed: (queue, event, outcome) => {
      if (queue === "Processing") invocations.push({ event, outcome });
    },
    onDeadLetter: (_queue, message) => deadLetters.push(message),
  });
});
afterAll(() => stack?.close());

const { maxReceiveCount } = queues.Processing;
const visibilityMs = visibilityTimeoutSeconds(queues.Processing) * 1000;

/** The message S3 sends the Processing queue for a new object. */
function notification(key: string): string {
  const event = toS3Event(
    {
      Records: [
        {
          eventTime: new Date().toISOString(),
          eventName: "ObjectCreated:Put",
          s3: { bucket: { name: stack.bucketName }, object: { key, size: 1, eTag: "e" } },
        },
      ],
    },
    "us-east-1",
  );
  return JSON.stringify(event);
}

describe("Process behind the Processing queue", () => {
  it("takes an upload from S3 through the queue and deletes its message", async () => {
    const Key = "originals/usr_1/med_first";
    const s3 = new S3Client({ forcePathStyle: true });
    await s3.send(new PutObjectCommand({ Bucket: stack.bucketName, Key, Body: "x" }));
    while (!invocations.some(({ event }) => event.Records[0]?.body.includes(Key))) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await stack.queues.idle();
    const invocation = invocations.find(({ event }) => event.Records[0]?.body.includes(Key));
    expect(invocation?.outcome).toEqual({ failed: [] });
    expect(stack.queues.messages("Processing")).toEqual([]);
  });

  it("sends a poisoned message to the dead-letter queue after maxReceiveCount tries, the rest of its batch done once", async () => {
    invocations.length = 0;
    const good1 = stack.queues.send("Processing", notification("originals/usr_1/med_a"));
    const malformed = stack.queues.send("Processing", "this is not an S3 notification");
    const good2 = stack.queues.send("Processing", notification("originals/usr_1/med_b"));
    await stack.queues.idle();

    // One batch; Powertools reports the malformed message alone.
    expect(invocations).toHaveLength(1);
    expect(invocations[0]?.event.Records.map((r) => r.messageId)).toEqual([
      good1,
      malformed,
      good2,
    ]);
    expect(invocations[0]?.outcome).toEqual({ failed: [malformed] });
    expect(stack.queues.messages("Processing").map((m) => m.messageId)).toEqual([malformed]);

    for (let receive = 2; receive <= maxReceiveCount; receive++) {
      stack.clock.advance(visibilityMs);
      await stack.queues.idle();
      expect(
        invocations.at(-1)?.event.Records.map((r) => r.attributes.ApproximateReceiveCount),
      ).toEqual([String(receive)]);
    }
    expect(stack.queues.deadLetters("Processing")).toEqual([]);

    // Its next receive finds it over the limit: it moves to the dead-letter queue instead.
    stack.clock.advance(visibilityMs);
    await stack.queues.idle();
    expect(invocations).toHaveLength(maxReceiveCount);
    expect(stack.queues.messages("Processing")).toEqual([]);
    expect(stack.queues.deadLetters("Processing")).toEqual([
      expect.objectContaining({
        messageId: malformed,
        body: "this is not an S3 notification",
        receiveCount: maxReceiveCount,
      }),
    ]);
    expect(deadLetters.map((m) => m.messageId)).toEqual([malformed]);
    // Alone in its batch, it failed the whole (one-message) batch: Powertools then throws.
    expect(errors.at(-1)).toMatchObject({ name: "FullBatchFailureError" });
  });

  it("fails a notification for a key outside originals/ (it should never have been sent)", async () => {
    invocations.length = 0;
    const id = stack.queues.send("Processing", notification("derived/x/thumb.webp"));
    await stack.queues.idle();
    expect(invocations[0]?.outcome.failed).toEqual([id]);
  });

  it("accepts S3's test event", async () => {
    invocations.length = 0;
    const testEvent = {
      Service: "Amazon S3",
      Event: "s3:TestEvent",
      Time: new Date().toISOString(),
      Bucket: stack.bucketName,
      RequestId: "5582815E1AEA5ADF",
      HostId: "8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE",
    };
    stack.queues.send("Processing", JSON.stringify(testEvent));
    await stack.queues.idle();
    expect(invocations[0]?.outcome).toEqual({ failed: [] });
  });
});
