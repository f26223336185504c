/**
 * The queue stand-in against SQS's rules: visibility timeout, redelivery, receive counts,
 * the dead-letter queue after `maxReceiveCount`, and Lambda's event source mapping (batches,
 * the SQSEvent shape, partial batch responses). Time is an adjustable clock: a visibility
 * timeout passes when the test says so.
 */
import { createHash } from "node:crypto";
import type { Context, SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { createAdjustableClock } from "../../src/queue/clock";
import { type InvocationOutcome, subscribe } from "../../src/queue/consumer";
import { md5OfMessageAttributes } from "../../src/queue/message-attributes";
import { createLocalQueue, LOCAL_SENDER_ID } from "../../src/queue/queue";

const VISIBILITY_MS = 60_000;

/** 2026-04-21T15:08:21.000Z, standing still until a test advances it. */
const NOW = Date.UTC(2026, 3, 21, 15, 8, 21);

function setup(maxReceiveCount = 3) {
  const clock = createAdjustableClock({ frozen: NOW });
  const deadLetter = createLocalQueue({ name: "work-dlq", clock, region: "eu-west-1" });
  const queue = createLocalQueue({
    name: "work",
    region: "eu-west-1",
    clock,
    visibilityTimeoutMs: VISIBILITY_MS,
    redrive: { deadLetterQueue: deadLetter, maxReceiveCount },
  });
  return { clock, queue, deadLetter };
}

describe("a queue", () => {
  it("hides a received message for the visibility timeout, then delivers it again", () => {
    const { clock, queue } = setup();
    const id = queue.send("hello");
    const [first] = queue.receive(10);
    expect(first?.messageId).toBe(id);
    expect(first?.attributes.ApproximateReceiveCount).toBe("1");

    clock.advance(VISIBILITY_MS - 1);
    expect(queue.receive(10)).toEqual([]);
    expect(queue.nextVisibleAt()).toBe(clock.now() + 1);

    clock.advance(1);
    const [second] = queue.receive(10);
    expect(second?.messageId).toBe(id);
    expect(second?.attributes.ApproximateReceiveCount).toBe("2");
    expect(second?.receiptHandle).not.toBe(first?.receiptHandle);
    // The first receive's timestamp stays; the sent one never changes.
    expect(second?.attributes.ApproximateFirstReceiveTimestamp).toBe(
      first?.attributes.ApproximateFirstReceiveTimestamp,
    );
    expect(second?.attributes.SentTimestamp).toBe(first?.attributes.SentTimestamp);
  });

  it("deletes only with the latest receipt handle", () => {
    const { clock, queue } = setup();
    queue.send("hello");
    const [first] = queue.receive(1);
    clock.advance(VISIBILITY_MS);
    const [second] = queue.receive(1);

    queue.delete(first?.receiptHandle ?? "");
    expect(queue.messages()).toHaveLength(1);
    queue.delete(second?.receiptHandle ?? "");
    expect(queue.messages()).toEqual([]);
  });

  it("moves a message received maxReceiveCount times to the dead-letter queue at its next receive", () => {
    const { clock, queue, deadLetter } = setup(3);
    const id = queue.send("poison");
    for (let receive = 1; receive <= 3; receive++) {
      expect(queue.receive(1).map((m) => m.attributes.ApproximateReceiveCount)).toEqual([
        String(receive),
      ]);
      clock.advance(VISIBILITY_MS);
    }
    expect(queue.receive(1)).toEqual([]);
    expect(queue.messages()).toEqual([]);
    expect(deadLetter.messages()).toEqual([
      expect.objectContaining({ messageId: id, body: "poison", receiveCount: 3 }),
    ]);
  });

  it("refuses an empty body and one over 256 KiB", () => {
    const { queue } = setup();
    expect(() => queue.send("")).toThrow(RangeError);
    expect(() => queue.send("x".repeat(256 * 1024 + 1))).toThrow(RangeError);
    expect(queue.send("x".repeat(256 * 1024))).toEqual(expect.any(String));
  });

  it("computes MD5OfMessageAttributes as SQS does", () => {
    // Name, type and value length-prefixed, transport type 1 for strings, sorted by name.
    const digest = md5OfMessageAttributes({
      ordinal: { dataType: "Number", stringValue: "1" },
      category: { dataType: "String", stringValue: "test" },
    });
    expect(digest).toBe("d21ae90c49061e927f57df5f5d72be1f");
    expect(md5OfMessageAttributes({})).toBeUndefined();
  });
});

type Handler = (event: SQSEvent, context: Context) => Promise<unknown>;

function consume(handler: Handler, options: { batchSize?: number; batchWindowMs?: number } = {}) {
  const { clock, queue, deadLetter } = setup();
  const invocations: { event: SQSEvent; outcome: InvocationOutcome }[] = [];
  const consumer = subscribe({
    queue,
    functionName: "Worker",
    handler,
    batchSize: options.batchSize ?? 10,
    batchWindowMs: options.batchWindowMs ?? 0,
    timeoutMs: 30_000,
    region: "eu-west-1",
    clock,
    onInvoked: (event, outcome) => invocations.push({ event, outcome }),
  });
  const bodies = (i: number) => invocations[i]?.event.Records.map((r) => r.body);
  return { clock, queue, deadLetter, consumer, invocations, bodies };
}

describe("a function subscribed to a queue", () => {
  it("gets the SQSEvent Lambda sends", async () => {
    const { queue, consumer, invocations } = consume(async () => undefined);
    const id = queue.send('{"hello":"world"}', {
      messageAttributes: { kind: { dataType: "String", stringValue: "greeting" } },
    });
    await consumer.idle();

    expect(invocations[0]?.event).toEqual({
      Records: [
        {
          messageId: id,
          receiptHandle: expect.stringMatching(/^\S{20,}$/),
          body: '{"hello":"world"}',
          attributes: {
            ApproximateReceiveCount: "1",
            SentTimestamp: String(NOW),
            SenderId: LOCAL_SENDER_ID,
            ApproximateFirstReceiveTimestamp: String(NOW),
          },
          messageAttributes: {
            kind: {
              dataType: "String",
              stringValue: "greeting",
              stringListValues: [],
              binaryListValues: [],
            },
          },
          md5OfMessageAttributes: md5OfMessageAttributes({
            kind: { dataType: "String", stringValue: "greeting" },
          }),
          md5OfBody: createHash("md5").update('{"hello":"world"}').digest("hex"),
          eventSource: "aws:sqs",
          eventSourceARN: "arn:aws:sqs:eu-west-1:000000000000:work",
          awsRegion: "eu-west-1",
        },
      ],
    });
    // Success deletes the batch.
    expect(queue.messages()).toEqual([]);
  });

  it("hands messages sent together over in batches of at most batchSize", async () => {
    const { queue, consumer, invocations } = consume(async () => undefined, { batchSize: 3 });
    for (let i = 0; i < 7; i++) queue.send(`m${i}`);
    await consumer.idle();
    expect(invocations.map(({ event }) => event.Records.length)).toEqual([3, 3, 1]);
  });

  it("waits up to the batch window for a fuller batch", async () => {
    const { clock, queue, consumer, invocations, bodies } = consume(async () => undefined, {
      batchSize: 3,
      batchWindowMs: 10_000,
    });
    queue.send("a");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(invocations).toEqual([]);
    queue.send("b");
    clock.advance(10_000);
    await consumer.idle();
    expect(bodies(0)).toEqual(["a", "b"]);
    // A full batch does not wait.
    for (const body of ["c", "d", "e"]) queue.send(body);
    await consumer.idle();
    expect(bodies(1)).toEqual(["c", "d", "e"]);
  });

  it("keeps only the batchItemFailures, and delivers them again after the visibility timeout", async () => {
    const { clock, queue, consumer, invocations, bodies } = consume(async (event) => ({
      batchItemFailures: event.Records.filter((r) => r.body === "bad").map((r) => ({
        itemIdentifier: r.messageId,
      })),
    }));
    queue.send("good 1");
    const bad = queue.send("bad");
    queue.send("good 2");
    await consumer.idle();
    expect(bodies(0)).toEqual(["good 1", "bad", "good 2"]);
    expect(invocations[0]?.outcome).toEqual({ failed: [bad] });
    expect(queue.messages().map((m) => m.body)).toEqual(["bad"]);

    clock.advance(VISIBILITY_MS);
    await consumer.idle();
    expect(bodies(1)).toEqual(["bad"]);
    expect(invocations[1]?.event.Records[0]?.attributes.ApproximateReceiveCount).toBe("2");
  });

  it("sends a message that always fails to the dead-letter queue after maxReceiveCount tries, the rest of its batch done", async () => {
    const seen: string[] = [];
    const { clock, queue, deadLetter, consumer } = consume(async (event) => {
      seen.push(...event.Records.map((r) => r.body));
      return {
        batchItemFailures: event.Records.filter((r) => r.body === "poison").map((r) => ({
          itemIdentifier: r.messageId,
        })),
      };
    });
    for (const body of ["a", "poison", "b"]) queue.send(body);
    for (let round = 0; round < 4; round++) {
      await consumer.idle();
      clock.advance(VISIBILITY_MS);
    }
    await consumer.idle();
    expect(seen).toEqual(["a", "poison", "b", "poison", "poison"]);
    expect(queue.messages()).toEqual([]);
    expect(deadLetter.messages().map((m) => [m.body, m.receiveCount])).toEqual([["poison", 3]]);
  });

  it.each([
    ["throws", async () => Promise.reject(new Error("boom"))],
    ["names an unknown message", async () => ({ batchItemFailures: [{ itemIdentifier: "nope" }] })],
    ["names an empty identifier", async () => ({ batchItemFailures: [{ itemIdentifier: "" }] })],
    ["answers something else", async () => "done"],
  ])("fails the whole batch when the function %s", async (_label, handler: Handler) => {
    const { queue, consumer, invocations } = consume(handler);
    queue.send("a");
    queue.send("b");
    await consumer.idle();
    expect(invocations[0]?.outcome.failed).toHaveLength(2);
    expect(invocations[0]?.outcome.error).toBeInstanceOf(Error);
    expect(queue.messages().map((m) => m.body)).toEqual(["a", "b"]);
  });

  it.each([
    ["nothing", undefined],
    ["null", null],
    ["an empty list", { batchItemFailures: [] }],
    ["a null list", { batchItemFailures: null }],
  ])("takes %s as success", async (_label, answer) => {
    const { queue, consumer, invocations } = consume(async () => answer);
    queue.send("a");
    await consumer.idle();
    expect(invocations[0]?.outcome).toEqual({ failed: [] });
    expect(queue.messages()).toEqual([]);
  });

  it("fails a batch whose function outlives its timeout", async () => {
    const { clock, queue, consumer, invocations } = consume(() => new Promise(() => {}));
    queue.send("slow");
    await new Promise((resolve) => setTimeout(resolve, 20));
    clock.advance(30_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(invocations[0]?.outcome.error).toMatchObject({ name: "FunctionTimeoutError" });
    expect(queue.messages()).toHaveLength(1);
    await consumer.close();
  });
});
