/**
 * A Lambda function subscribed to a queue, the way Lambda's SQS event source mapping runs
 * it: receive up to `batchSize` messages (waiting up to the batch window for more), invoke
 * the function with an `SQSEvent`, then delete what succeeded. With `ReportBatchItemFailures`
 * (what `partialResponses: true` sets), the messages named in `batchItemFailures` stay and
 * come back after the visibility timeout; a function that throws or times out fails the
 * whole batch. Sources: the Lambda Developer Guide's "Using Lambda with Amazon SQS" and
 * "Handling errors for an SQS event source in Lambda" (see the README).
 * @module
 */
import type { SQSEvent, SQSRecord } from "aws-lambda";
import type { LambdaHandler } from "../apigw";
import { createLambdaContext } from "../apigw/context";
import type { CancelTimer, Clock } from "./clock";
import type { LocalQueue, ReceivedMessage } from "./queue";

/** How one invocation ended. */
export interface InvocationOutcome {
  /** Ids of the messages that stay in the queue (every one when the batch failed). */
  failed: string[];
  /** What failed the whole batch: a throw, a timeout or an invalid partial response. */
  error?: unknown;
}

/** Options of {@link subscribe}. */
export interface ConsumerOptions {
  queue: LocalQueue;
  /** The function's name, for its invocation context. */
  functionName: string;
  handler: LambdaHandler;
  /** Messages per invocation, at most. */
  batchSize: number;
  /** How long to gather a fuller batch once a message is there; 0 invokes at once. */
  batchWindowMs: number;
  /** The function's timeout: past it the batch fails (the invocation is not stopped here). */
  timeoutMs: number;
  region: string;
  clock: Clock;
  /** After each invocation, with the event it got. */
  onInvoked?: (event: SQSEvent, outcome: InvocationOutcome) => void;
}

/** A running subscription. */
export interface Consumer {
  /** No invocation runs and no message is visible (hidden ones may remain). */
  isIdle(): boolean;
  /** Resolves once no invocation runs and no message is visible (hidden ones may remain). */
  idle(): Promise<void>;
  /** Stops polling and waits for the invocation in flight. */
  close(): Promise<void>;
}

/** Lambda's SQS event record for a received message. */
export function toSqsRecord(
  message: ReceivedMessage,
  queue: LocalQueue,
  region: string,
): SQSRecord {
  return {
    messageId: message.messageId,
    receiptHandle: message.receiptHandle,
    body: message.body,
    attributes: { ...message.attributes },
    messageAttributes: Object.fromEntries(
      Object.entries(message.messageAttributes).map(([name, attribute]) => [
        name,
        { ...attribute, stringListValues: [], binaryListValues: [] },
      ]),
    ),
    ...(message.md5OfMessageAttributes
      ? { md5OfMessageAttributes: message.md5OfMessageAttributes }
      : {}),
    md5OfBody: message.md5OfBody,
    eventSource: "aws:sqs",
    eventSourceARN: queue.arn,
    awsRegion: region,
  };
}

/**
 * The ids that failed, from the function's answer, as Lambda reads it: no answer, or no or
 * an empty `batchItemFailures`, is success; an entry without a known non-empty
 * `itemIdentifier` fails the whole batch.
 */
export function failedIds(result: unknown, batch: string[]): string[] {
  if (result === undefined || result === null) return [];
  if (typeof result !== "object") throw new InvalidBatchResponseError("not an object");
  const failures = (result as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return [];
  if (!Array.isArray(failures)) throw new InvalidBatchResponseError("batchItemFailures");
  return failures.map((failure: unknown) => {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== "string" || !batch.includes(id)) {
      throw new InvalidBatchResponseError(`itemIdentifier ${JSON.stringify(id)}`);
    }
    return id;
  });
}

/** A partial batch response Lambda cannot read: the whole batch fails. */
export class InvalidBatchResponseError extends Error {
  override readonly name = "InvalidBatchResponseError";
  constructor(what: string) {
    super(`Invalid partial batch response: ${what}`);
  }
}

/** The function did not answer within its timeout. */
export class FunctionTimeoutError extends Error {
  override readonly name = "FunctionTimeoutError";
  constructor(functionName: string, ms: number) {
    super(`${functionName} timed out after ${ms} ms`);
  }
}

/** Subscribes `handler` to `queue`; polling starts at once. */
export function subscribe(options: ConsumerOptions): Consumer {
  const { queue, clock } = options;
  let running: Promise<void> | undefined;
  let timer: CancelTimer | undefined;
  let windowOpenedAt: number | undefined;
  let closed = false;
  const idleWaiters: (() => void)[] = [];

  const isIdle = () => !running && queue.visibleCount() === 0;
  const settle = () => {
    if (isIdle()) for (const wake of idleWaiters.splice(0)) wake();
  };
  const wakeIn = (ms: number) => {
    timer?.();
    timer = clock.setTimeout(() => {
      timer = undefined;
      schedule();
    }, ms);
  };

  /** Decides when to poll next: now, at the end of the batch window, or when a message shows. */
  function schedule(): void {
    if (closed || running) return;
    const visible = queue.visibleCount();
    if (visible === 0) {
      windowOpenedAt = undefined;
      const next = queue.nextVisibleAt();
      if (next !== undefined) wakeIn(next - clock.now());
      settle();
      return;
    }
    windowOpenedAt ??= clock.now();
    const windowLeft = windowOpenedAt + options.batchWindowMs - clock.now();
    if (visible < options.batchSize && windowLeft > 0) {
      wakeIn(windowLeft);
      return;
    }
    windowOpenedAt = undefined;
    timer?.();
    timer = undefined;
    running = poll().finally(() => {
      running = undefined;
      schedule();
      settle();
    });
  }

  async function poll(): Promise<void> {
    const messages = queue.receive(options.batchSize);
    if (messages.length === 0) return;
    const ids = messages.map((message) => message.messageId);
    const event: SQSEvent = {
      Records: messages.map((message) => toSqsRecord(message, queue, options.region)),
    };
    let outcome: InvocationOutcome;
    try {
      // The function gets the event as Lambda delivers it: JSON.
      const result = await invoke(JSON.parse(JSON.stringify(event)));
      outcome = { failed: failedIds(result, ids) };
    } catch (error) {
      outcome = { failed: ids, error };
    }
    const failed = new Set(outcome.failed);
    for (const message of messages) {
      if (!failed.has(message.messageId)) queue.delete(message.receiptHandle);
    }
    try {
      options.onInvoked?.(event, outcome);
    } catch {
      // A failing observer must not stop the queue.
    }
  }

  async function invoke(event: SQSEvent): Promise<unknown> {
    const context = createLambdaContext(options.functionName, options.timeoutMs);
    let cancel: CancelTimer | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      cancel = clock.setTimeout(
        () => reject(new FunctionTimeoutError(options.functionName, options.timeoutMs)),
        options.timeoutMs,
      );
    });
    const run = Promise.resolve().then(() => options.handler(event, context));
    return Promise.race([run, timedOut]).finally(() => cancel?.());
  }

  // A message sent in this task joins those sent with it: the poll waits for the next task.
  // (`schedule` then re-arms a batch window that is still open.)
  queue.onAvailable(() => {
    if (!closed && !running) wakeIn(0);
  });
  wakeIn(0);

  return {
    isIdle,
    idle() {
      if (isIdle()) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    async close() {
      closed = true;
      timer?.();
      await running;
      for (const wake of idleWaiters.splice(0)) wake();
    },
  };
}
