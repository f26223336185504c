/**
 * One SQS standard queue, in memory: what a consumer sees of SQS, and no more. A received
 * message stays invisible for the visibility timeout and comes back unless it is deleted
 * with its latest receipt handle; each receive counts, and with a redrive policy a message
 * received `maxReceiveCount` times moves to the dead-letter queue at its next receive.
 * Sources: the SQS Developer Guide's "Amazon SQS visibility timeout", "Using dead-letter
 * queues in Amazon SQS" and the `ReceiveMessage` API reference (see the README).
 * @module
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { type Clock, systemClock } from "./clock";
import { type MessageAttributes, md5OfMessageAttributes } from "./message-attributes";

/**
 * The largest message body: 256 KiB, SQS's default `MaximumMessageSize` (a queue can be set
 * up to 1 MiB; the deployed queues keep the default).
 */
export const MAX_MESSAGE_BYTES = 256 * 1024;
/** What SQS allows a visibility timeout to be: 0 s to 12 hours. */
export const MAX_VISIBILITY_TIMEOUT_MS = 12 * 60 * 60 * 1000;

/** Options of {@link createLocalQueue}. */
export interface LocalQueueOptions {
  /** The queue's name, as its ARN and `eventSourceARN` carry it. */
  name: string;
  /** How long a received message stays hidden, in ms. SQS's default is 30 s. */
  visibilityTimeoutMs?: number;
  /** Moves a message received this many times to `deadLetterQueue` at its next receive. */
  redrive?: { deadLetterQueue: LocalQueue; maxReceiveCount: number };
  region?: string;
  accountId?: string;
  clock?: Clock;
}

/** A message as a receiver gets it (`ReceiveMessage` with all attributes). */
export interface ReceivedMessage {
  messageId: string;
  /** Changes with every receive; only the latest one deletes the message. */
  receiptHandle: string;
  body: string;
  md5OfBody: string;
  messageAttributes: MessageAttributes;
  md5OfMessageAttributes?: string;
  attributes: {
    /** Receives so far, this one included. */
    ApproximateReceiveCount: string;
    /** Epoch ms, as strings, like SQS's. */
    SentTimestamp: string;
    SenderId: string;
    ApproximateFirstReceiveTimestamp: string;
  };
}

/** A message waiting in a queue (dead-letter queues are read this way in tests). */
export interface StoredMessage {
  messageId: string;
  body: string;
  messageAttributes: MessageAttributes;
  /** Receives so far (on the source queue, for a message moved to a dead-letter queue). */
  receiveCount: number;
  sentTimestamp: number;
}

/** What a sender may set on a message. */
export interface SendOptions {
  messageAttributes?: MessageAttributes;
  senderId?: string;
  /** Seconds before the message can be received: 0 to 900 (15 minutes), like SQS. */
  delaySeconds?: number;
}

/** SQS's longest message delay: 15 minutes. */
export const MAX_DELAY_SECONDS = 900;

/** One in-memory SQS queue. */
export interface LocalQueue {
  readonly name: string;
  readonly arn: string;
  /**
   * Adds a message, visible at once or after `delaySeconds` (SQS's `DelaySeconds`, 0–900).
   * Returns its id.
   */
  send(body: string, options?: SendOptions): string;
  /** Up to `max` visible messages, each now hidden for the visibility timeout. */
  receive(max: number): ReceivedMessage[];
  /** Deletes the message if `receiptHandle` is its latest; otherwise does nothing (like SQS). */
  delete(receiptHandle: string): void;
  /** When the next hidden message becomes visible again; undefined when none is hidden. */
  nextVisibleAt(): number | undefined;
  /** Messages that are visible now. */
  visibleCount(): number;
  /** Every message the queue holds, visible or not, oldest first. */
  messages(): StoredMessage[];
  /** Told when a message becomes available without waiting (sent, or moved here). */
  onAvailable(listener: () => void): void;
  /**
   * Takes a message moved here by another queue's redrive policy. It keeps its id, body,
   * attributes, SentTimestamp and receive count.
   */
  accept(message: StoredMessage & { senderId: string }, delayMs?: number): void;
}

/** The principal S3 sends notifications as, in SQS's `SenderId` format. */
export const LOCAL_SENDER_ID = "AIDALOCALSTACKSENDER00";

interface Entry extends StoredMessage {
  md5OfBody: string;
  md5OfMessageAttributes?: string;
  senderId: string;
  visibleAt: number;
  firstReceiveTimestamp?: number;
  receiptHandle?: string;
}

/** Creates an empty queue. */
export function createLocalQueue(options: LocalQueueOptions): LocalQueue {
  const clock = options.clock ?? systemClock;
  const visibilityTimeoutMs = options.visibilityTimeoutMs ?? 30_000;
  if (!(visibilityTimeoutMs >= 0 && visibilityTimeoutMs <= MAX_VISIBILITY_TIMEOUT_MS)) {
    throw new RangeError(`A visibility timeout is 0 to 12 hours, not ${visibilityTimeoutMs} ms`);
  }
  const region = options.region ?? "us-east-1";
  const arn = `arn:aws:sqs:${region}:${options.accountId ?? "000000000000"}:${options.name}`;
  // Insertion order is arrival order: a standard queue is not FIFO, but nothing here reorders.
  const entries = new Map<string, Entry>();
  const byHandle = new Map<string, string>();
  const listeners: (() => void)[] = [];
  const announce = () => {
    for (const listener of listeners) listener();
  };

  const queue: LocalQueue = {
    name: options.name,
    arn,
    send(body, sendOptions = {}) {
      const size = Buffer.byteLength(body);
      if (size === 0 || size > MAX_MESSAGE_BYTES) {
        throw new RangeError(`A message body is 1 byte to 256 KiB, not ${size} bytes`);
      }
      const delay = sendOptions.delaySeconds ?? 0;
      if (!(Number.isInteger(delay) && delay >= 0 && delay <= MAX_DELAY_SECONDS)) {
        throw new RangeError(`A delay is 0 to ${MAX_DELAY_SECONDS} seconds, not ${delay}`);
      }
      const messageId = randomUUID();
      queue.accept(
        {
          messageId,
          body,
          messageAttributes: sendOptions.messageAttributes ?? {},
          receiveCount: 0,
          sentTimestamp: clock.now(),
          senderId: sendOptions.senderId ?? LOCAL_SENDER_ID,
        },
        delay * 1000,
      );
      return messageId;
    },
    accept(message, delayMs = 0) {
      const attributes = message.messageAttributes;
      entries.set(message.messageId, {
        ...message,
        md5OfBody: createHash("md5").update(message.body).digest("hex"),
        md5OfMessageAttributes: md5OfMessageAttributes(attributes),
        visibleAt: clock.now() + delayMs,
      });
      // A delayed message is a hidden one: consumers wake for it at `nextVisibleAt`.
      announce();
    },
    receive(max) {
      const now = clock.now();
      const received: ReceivedMessage[] = [];
      for (const entry of [...entries.values()]) {
        if (received.length >= max) break;
        if (entry.visibleAt > now) continue;
        if (options.redrive && entry.receiveCount >= options.redrive.maxReceiveCount) {
          moveToDeadLetterQueue(entry, options.redrive.deadLetterQueue);
          continue;
        }
        received.push(receiveEntry(entry, now));
      }
      return received;
    },
    delete(receiptHandle) {
      const messageId = byHandle.get(receiptHandle);
      byHandle.delete(receiptHandle);
      const entry = messageId ? entries.get(messageId) : undefined;
      if (entry?.receiptHandle === receiptHandle) entries.delete(entry.messageId);
    },
    nextVisibleAt() {
      const now = clock.now();
      let next: number | undefined;
      for (const entry of entries.values()) {
        if (entry.visibleAt > now && (next === undefined || entry.visibleAt < next)) {
          next = entry.visibleAt;
        }
      }
      return next;
    },
    visibleCount() {
      const now = clock.now();
      return [...entries.values()].filter((entry) => entry.visibleAt <= now).length;
    },
    messages() {
      return [...entries.values()].map(({ messageId, body, messageAttributes, ...rest }) => ({
        messageId,
        body,
        messageAttributes,
        receiveCount: rest.receiveCount,
        sentTimestamp: rest.sentTimestamp,
      }));
    },
    onAvailable(listener) {
      listeners.push(listener);
    },
  };

  function receiveEntry(entry: Entry, now: number): ReceivedMessage {
    entry.receiveCount += 1;
    entry.firstReceiveTimestamp ??= now;
    entry.visibleAt = now + visibilityTimeoutMs;
    if (entry.receiptHandle) byHandle.delete(entry.receiptHandle);
    entry.receiptHandle = newReceiptHandle();
    byHandle.set(entry.receiptHandle, entry.messageId);
    return {
      messageId: entry.messageId,
      receiptHandle: entry.receiptHandle,
      body: entry.body,
      md5OfBody: entry.md5OfBody,
      messageAttributes: entry.messageAttributes,
      ...(entry.md5OfMessageAttributes
        ? { md5OfMessageAttributes: entry.md5OfMessageAttributes }
        : {}),
      attributes: {
        ApproximateReceiveCount: String(entry.receiveCount),
        SentTimestamp: String(entry.sentTimestamp),
        SenderId: entry.senderId,
        ApproximateFirstReceiveTimestamp: String(entry.firstReceiveTimestamp),
      },
    };
  }

  function moveToDeadLetterQueue(entry: Entry, target: LocalQueue): void {
    entries.delete(entry.messageId);
    if (entry.receiptHandle) byHandle.delete(entry.receiptHandle);
    const { messageId, body, messageAttributes, receiveCount, sentTimestamp, senderId } = entry;
    target.accept({ messageId, body, messageAttributes, receiveCount, sentTimestamp, senderId });
  }

  return queue;
}

/** Receipt handles are long opaque strings on SQS too. */
function newReceiptHandle(): string {
  return `AQEB${randomBytes(48).toString("base64")}`;
}
