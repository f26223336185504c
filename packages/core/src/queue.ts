/**
 * The app's queues and how their consumer functions read them, declared once: `infra/queue.ts`
 * creates each `sst.aws.Queue` with its dead-letter queue and subscribes the consumer with
 * these settings, and the local stack's queue stand-in applies the same ones.
 *
 * A new queue with its worker is one entry here; `infra/queue.ts` and the local stack then
 * demand the consumer's function (the types make both complete).
 */

/** One queue, its dead-letter queue and the function that consumes it. */
export interface QueueDefinition {
  /** The consumer function's name (`infra/queue.ts` and the local stack map it to a handler). */
  consumer: string;
  /** The consumer's Lambda timeout, in seconds. */
  consumerTimeoutSeconds: number;
  /**
   * The consumer's Lambda memory, in MB (which also sets its share of a vCPU, and the heap
   * limits Lambda's Node.js runtime starts it with: {@link lambdaNodeHeapFlags}).
   */
  consumerMemoryMb: number;
  /**
   * Receives before a message moves to the dead-letter queue. AWS advises at least 5 for a
   * Lambda consumer, so that throttled invocations do not send good messages there.
   */
  maxReceiveCount: number;
  /** Messages handed to one invocation (at most 10 without a batch window). */
  batchSize: number;
  /** Seconds to gather a batch before invoking; 0 invokes as soon as messages arrive. */
  batchWindowSeconds: number;
  /** Seconds a dead letter is kept (SQS allows at most 14 days). */
  deadLetterRetentionSeconds: number;
}

const DAY = 24 * 60 * 60;

export const queues = {
  /**
   * New uploads on their way to the Process function: S3 notifies this queue (see
   * `bucket.notifications`) and Process reads it in batches, reporting failed records one by
   * one. Sharp holds each image in memory, so batches stay small.
   */
  Processing: {
    consumer: "Process",
    consumerTimeoutSeconds: 60,
    /*
     * Measured by `npm run bench:media` (peak RSS): a 24 MP JPEG to `ready` about 300 MB;
     * HEIC decoding in WebAssembly about 500 MB at 12 MP and 660 MB at 48 MP (it grows with
     * the pixels, about 12 bytes each, and WebAssembly memory does not shrink). 1536 MB holds
     * the largest HEIC rendered (`imageLimits.maxHeifPixels`, 64 MP: about 950 MB) with room
     * for the next record of its batch, and gives nearly one vCPU.
     */
    consumerMemoryMb: 1536,
    maxReceiveCount: 5,
    batchSize: 5,
    batchWindowSeconds: 0,
    deadLetterRetentionSeconds: 14 * DAY,
  },
  /**
   * Deleted accounts whose data is still to be removed: `DELETE /api/me` sends the user id,
   * and Purge removes a bounded batch per message, then sends the next message itself, so a
   * library of any size never runs into the function's timeout. Every step is idempotent,
   * so a message delivered twice, or retried after a crash, simply finds less to remove.
   */
  AccountPurge: {
    consumer: "Purge",
    consumerTimeoutSeconds: 300,
    consumerMemoryMb: 1024,
    maxReceiveCount: 5,
    batchSize: 1,
    batchWindowSeconds: 0,
    deadLetterRetentionSeconds: 14 * DAY,
  },
  /**
   * Share notifications: the first share to a recipient in a window sends the recipient's id
   * here, delayed by the window (`limits.share.noticeWindowSeconds`); Notify then sends one
   * email for every share of that window. Mail is slow to matter, so batches are small and
   * a failed send comes back after the visibility timeout.
   */
  ShareNotify: {
    consumer: "Notify",
    consumerTimeoutSeconds: 30,
    consumerMemoryMb: 1024,
    maxReceiveCount: 5,
    batchSize: 10,
    batchWindowSeconds: 0,
    deadLetterRetentionSeconds: 14 * DAY,
  },
} as const satisfies Record<string, QueueDefinition>;

/** The name of a declared queue. */
export type QueueName = keyof typeof queues;
/** The name of a function that consumes a queue. */
export type QueueConsumer = (typeof queues)[QueueName]["consumer"];

/**
 * How long a received message stays hidden from other receivers. AWS's guidance for a Lambda
 * consumer: at least six times the function's timeout plus the batch window, so that a
 * message is not delivered again while an invocation (with its retries) may still hold it.
 */
export function visibilityTimeoutSeconds(queue: QueueDefinition): number {
  return 6 * queue.consumerTimeoutSeconds + queue.batchWindowSeconds;
}

/**
 * The V8 heap flags Lambda's Node.js runtime starts a function of `memoryMb` with (its
 * bootstrap script, in AWS's base images): a tenth of the memory for the young generation,
 * in two halves, and the rest for the old one. A stand-in that runs a function in a process
 * of its own passes the same, or its garbage collector works differently from Lambda's.
 */
export function lambdaNodeHeapFlags(memoryMb: number): string[] {
  const young = Math.floor(memoryMb / 10);
  return [
    `--max-semi-space-size=${Math.floor(young / 2)}`,
    `--max-old-space-size=${memoryMb - young}`,
  ];
}
