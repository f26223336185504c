/**
 * The queue consumers (Process, Purge, Notify) answer each invocation for its own batch
 * when invocations overlap in one process: `sst dev` runs every invocation of a function in
 * one process, and the local stack moves on from a batch that outlived its timeout while it
 * still runs. A batch processor shared between them once answered one batch with another's
 * message ids, which Lambda refuses as an invalid partial batch response.
 */
import type { Context, SQSEvent, SQSRecord } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLambdaContext } from "../../local/src/apigw/context";
import { createTestStack, type TestStack } from "../../local/test/stack";
import { s3Event } from "./support/process";

let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack();
});
afterAll(() => stack?.close());

let sent = 0;
const record = (body: string): SQSRecord => {
  const id = `00000000-0000-4000-8000-${String(++sent).padStart(12, "0")}`;
  return {
    messageId: id,
    receiptHandle: `handle-${id}`,
    body,
    attributes: {
      ApproximateReceiveCount: "1",
      SentTimestamp: "0",
      SenderId: "test",
      ApproximateFirstReceiveTimestamp: "0",
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:test",
    awsRegion: "us-east-1",
  };
};

type Handler = (event: SQSEvent, context: Context) => Promise<unknown>;
const consumers: Record<string, { load: () => Promise<Handler>; fine: () => string }> = {
  Process: {
    load: async () => (await import("@sharespace/functions/process")).handler,
    // An object no upload knows: looked up in the table, then done.
    fine: () => s3Event(stack.bucketName, `originals/usr_0/unknown-${sent}`, 1),
  },
  Purge: {
    load: async () => (await import("@sharespace/functions/purge")).handler,
    // An account with nothing left: the purge reads, finds nothing, and is done.
    fine: () => JSON.stringify({ userId: "usr_00000000000000000000000000" }),
  },
  Notify: {
    load: async () => (await import("@sharespace/functions/notify")).handler,
    fine: () => JSON.stringify({ userId: "usr_00000000000000000000000001" }),
  },
};

describe.each(Object.keys(consumers))("%s under overlapping invocations", (name) => {
  it("answers each batch with its own failed messages only", async () => {
    const consumer = consumers[name];
    if (!consumer) throw new Error(name);
    const handler = await consumer.load();
    const batches = Array.from({ length: 4 }, (_, i) => {
      const bad = record(`{ not json ${i}`);
      const fine = [record(consumer.fine()), record(consumer.fine())];
      // The bad message sits at a different place in each batch.
      const records = [...fine];
      records.splice(i % 3, 0, bad);
      return { records, bad: bad.messageId };
    });
    const answers = await Promise.all(
      batches.map(({ records }) =>
        handler({ Records: records }, createLambdaContext(name, 60_000)),
      ),
    );
    expect(answers).toEqual(
      batches.map(({ bad }) => ({ batchItemFailures: [{ itemIdentifier: bad }] })),
    );
  });
});
