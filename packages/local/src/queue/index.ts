/**
 * The app's queues, offline: for each queue that `@sharespace/core/queue` declares, an
 * in-memory SQS queue with its dead-letter queue, and its consumer function subscribed as
 * Lambda's event source mapping would run it, all with the declared settings. What is
 * reproduced, and where it differs from AWS, is in the package README ("Queues").
 * @module
 */
import type { QueueConsumer, QueueDefinition, QueueName } from "@sharespace/core/queue";
import { visibilityTimeoutSeconds } from "@sharespace/core/queue";
import type { SQSEvent } from "aws-lambda";
import type { LambdaHandler } from "../apigw";
import { type Clock, systemClock } from "./clock";
import { type Consumer, type InvocationOutcome, subscribe } from "./consumer";
import type { MessageAttributes } from "./message-attributes";
import { createLocalQueue, type LocalQueue, type StoredMessage } from "./queue";

export type { AdjustableClock, Clock } from "./clock";
export { createAdjustableClock, systemClock } from "./clock";
export type { InvocationOutcome } from "./consumer";
export type { MessageAttributes } from "./message-attributes";
export type { StoredMessage } from "./queue";

/** Options of {@link startQueues}. */
export interface QueuesOptions {
  /** The queues to run, by name (`queues` from `@sharespace/core/queue`). */
  definitions: Record<QueueName, QueueDefinition>;
  /** The function behind each consumer name. */
  handlers: Record<QueueConsumer, LambdaHandler>;
  /** Prefixed to each queue's name, as SST names deployed queues after the app and stage. */
  namePrefix: string;
  region: string;
  /** Default: the wall clock. */
  clock?: Clock;
  /** After each invocation of a consumer. */
  onInvoked?: (queue: QueueName, event: SQSEvent, outcome: InvocationOutcome) => void;
  /** A message moved to the dead-letter queue of `queue`. */
  onDeadLetter?: (queue: QueueName, message: StoredMessage) => void;
}

/** The running queues. */
export interface LocalQueues {
  /** Sends a message to a queue, as S3 (or a function) would. Returns its id. */
  send(
    queue: QueueName,
    body: string,
    options?: { messageAttributes?: MessageAttributes; delaySeconds?: number },
  ): string;
  /** What a queue holds now, visible or not. */
  messages(queue: QueueName): StoredMessage[];
  /** What a queue's dead-letter queue holds. */
  deadLetters(queue: QueueName): StoredMessage[];
  /** Resolves once every consumer is idle: nothing visible, no invocation running. */
  idle(): Promise<void>;
  /** Stops every consumer and waits for invocations in flight. */
  close(): Promise<void>;
}

/** Creates every declared queue and subscribes its consumer. */
export function startQueues(options: QueuesOptions): LocalQueues {
  const clock = options.clock ?? systemClock;
  const running = new Map<
    QueueName,
    { queue: LocalQueue; deadLetter: LocalQueue; consumer: Consumer }
  >();
  for (const [name, definition] of Object.entries(options.definitions) as [
    QueueName,
    QueueDefinition,
  ][]) {
    const common = { region: options.region, clock };
    const deadLetter = createLocalQueue({
      ...common,
      name: `${options.namePrefix}${name}DeadLetter`,
    });
    deadLetter.onAvailable(() => {
      const message = deadLetter.messages().at(-1);
      if (message) options.onDeadLetter?.(name, message);
    });
    const queue = createLocalQueue({
      ...common,
      name: `${options.namePrefix}${name}`,
      visibilityTimeoutMs: visibilityTimeoutSeconds(definition) * 1000,
      redrive: { deadLetterQueue: deadLetter, maxReceiveCount: definition.maxReceiveCount },
    });
    const consumer = subscribe({
      ...common,
      queue,
      functionName: definition.consumer,
      handler: options.handlers[definition.consumer as QueueConsumer],
      batchSize: definition.batchSize,
      batchWindowMs: definition.batchWindowSeconds * 1000,
      timeoutMs: definition.consumerTimeoutSeconds * 1000,
      onInvoked: (event, outcome) => options.onInvoked?.(name, event, outcome),
    });
    running.set(name, { queue, deadLetter, consumer });
  }

  const get = (name: QueueName) => {
    const entry = running.get(name);
    if (!entry) throw new Error(`No queue named ${name}`);
    return entry;
  };
  return {
    send: (name, body, sendOptions) => get(name).queue.send(body, sendOptions),
    messages: (name) => get(name).queue.messages(),
    deadLetters: (name) => get(name).deadLetter.messages(),
    async idle() {
      // One consumer's work can feed another's queue: wait until all are idle at once.
      for (;;) {
        await Promise.all([...running.values()].map(({ consumer }) => consumer.idle()));
        if ([...running.values()].every(({ consumer }) => consumer.isIdle())) return;
      }
    },
    async close() {
      await Promise.all([...running.values()].map(({ consumer }) => consumer.close()));
    },
  };
}
