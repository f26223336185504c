import { bucket } from "../packages/core/src/bucket";
import {
  type QueueConsumer,
  type QueueName,
  queues,
  visibilityTimeoutSeconds,
} from "../packages/core/src/queue";
import { type FunctionPermissions, permissions } from "../packages/functions/src/permissions";
import { email } from "./email";
import { permissionsOf } from "./permissions";
import { media, table } from "./storage";

/*
 * A link to a queue (a producer's) carries only its URL: what it may do, `SendMessage`, is
 * declared in `packages/functions/src/permissions.ts`. (A link normally grants `sqs:*`.)
 */
sst.Linkable.wrap(sst.aws.Queue, (linked) => ({ properties: { url: linked.url } }));

/**
 * Each queue's consumer, without its timeout (that comes from `core/queue.ts`, which the
 * queue's visibility timeout is derived from). Declaring a queue there makes this record
 * demand its consumer.
 */
const consumers: Record<
  QueueConsumer,
  Omit<sst.aws.FunctionArgs, "link" | "permissions"> & { link: unknown[] }
> = {
  /*
   * Verifies each upload, writes the thumbnail and preview and records the result. S3 and
   * SQS deliver at least once, so the handler is idempotent. sharp (a native library),
   * libheif-js and mediainfo.js (WebAssembly read from their packages) are installed, not
   * bundled. Its memory is declared with its queue (`core/queue.ts`).
   */
  Process: {
    handler: "packages/functions/src/process.handler",
    link: [table, media],
    nodejs: { install: ["sharp", "libheif-js", "mediainfo.js"] },
  },
  /*
   * Removes what a deleted account left, a batch per message, queueing the next batch
   * itself (so it links its own queue, below).
   */
  Purge: {
    handler: "packages/functions/src/purge.handler",
    link: [table, media],
  },
  /*
   * Sends one share notification email per recipient and window (SES, through the Email
   * link, narrowed to sending in `infra/email.ts`).
   */
  Notify: {
    handler: "packages/functions/src/notify.handler",
    link: [table, ...(permissions.Notify.email ? [email] : [])],
  },
};

/**
 * One queue per entry of `core/queue.ts`, with a dead-letter queue that keeps what its
 * consumer failed `maxReceiveCount` times.
 */
const made = Object.entries(queues).map(([name, settings]) => {
  const deadLetter = new sst.aws.Queue(`${name}DeadLetter`, {
    transform: {
      queue: { messageRetentionSeconds: settings.deadLetterRetentionSeconds },
    },
  });
  const main = new sst.aws.Queue(name, {
    visibilityTimeout: `${visibilityTimeoutSeconds(settings)} seconds`,
    dlq: { queue: deadLetter.arn, retry: settings.maxReceiveCount },
  });
  return { name: name as QueueName, settings, main, deadLetter };
});

export const queue = Object.fromEntries(made.map(({ name, main }) => [name, main])) as Record<
  QueueName,
  sst.aws.Queue
>;
/** Each queue's dead-letter queue, watched by an alarm (`infra/monitoring.ts`). */
export const deadLetters = Object.fromEntries(
  made.map(({ name, deadLetter }) => [name, deadLetter]),
) as Record<QueueName, sst.aws.Queue>;

/**
 * Each queue's consumer, subscribed in batches that report failed records one by one
 * (Powertools' batch processor answers `batchItemFailures`). A consumer that sends to a
 * queue (Purge hands the rest of a library on to its own queue) links it and gets the
 * grant `permissions.ts` declares, once every queue exists.
 */
const subscribed = made.map(({ settings, main }) => {
  const consumer = consumers[settings.consumer];
  const declared: FunctionPermissions = permissions[settings.consumer];
  const subscriber = main.subscribe(
    {
      ...consumer,
      link: [...consumer.link, ...(declared.queues ?? []).map((grant) => queue[grant.queue])],
      permissions: permissionsOf(settings.consumer, queue),
      timeout: `${settings.consumerTimeoutSeconds} seconds`,
      memory: `${settings.consumerMemoryMb} MB`,
    },
    {
      batch: {
        size: settings.batchSize,
        window: `${settings.batchWindowSeconds} seconds`,
        partialResponses: true,
      },
    },
  );
  return { consumer: settings.consumer, fn: subscriber.nodes.function };
});

/** Each consumer's Lambda function, by the consumer's name. */
export const consumerFunctions = Object.fromEntries(
  subscribed.map(({ consumer, fn }) => [consumer, fn]),
) as Record<QueueConsumer, (typeof subscribed)[number]["fn"]>;

/*
 * S3 events as `core/bucket.ts` declares them: new originals to the Processing queue. The
 * prefix filter is what keeps Process's own writes (under `derived/`) from triggering it.
 */
media.notify({
  notifications: bucket.notifications.map((notification) => ({
    name: notification.name,
    events: [...notification.events],
    filterPrefix: notification.filterPrefix,
    filterSuffix: notification.filterSuffix,
    queue: queue[notification.queue],
  })),
});
