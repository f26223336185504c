import { bucket } from "../packages/core/src/bucket";
import {
  type QueueConsumer,
  type QueueName,
  queues,
  visibilityTimeoutSeconds,
} from "../packages/core/src/queue";
import {
  type FunctionPermissions,
  permissions,
  queueLinkActions,
} from "../packages/functions/src/permissions";
import { permissionsOf } from "./permissions";
import { media, table } from "./storage";

/*
 * A link to a queue normally grants `sqs:*`: narrow it to sending (`permissions.ts`), and
 * carry only the queue's URL.
 */
sst.Linkable.wrap(sst.aws.Queue, (queue) => ({
  properties: { url: queue.url },
  include: [sst.aws.permission({ actions: [...queueLinkActions], resources: [queue.arn] })],
}));

/**
 * Each queue's consumer, without its timeout (that comes from `core/queue.ts`, which the
 * queue's visibility timeout is derived from). Declaring a queue there makes this record
 * demand its consumer.
 */
const consumers: Record<QueueConsumer, sst.aws.FunctionArgs> = {
  /*
   * Verifies each upload, writes the thumbnail and preview and records the result. S3 and
   * SQS deliver at least once, so the handler is idempotent.
   */
  Process: {
    handler: "packages/functions/src/process.handler",
    link: [table, media],
    permissions: permissionsOf("Process"),
    nodejs: { install: ["sharp"] },
    memory: "1536 MB",
  },
  /*
   * Removes what a deleted account left, a batch per message, queueing the next batch
   * itself (so it links its own queue, below).
   */
  Purge: {
    handler: "packages/functions/src/purge.handler",
    link: [table, media],
    permissions: permissionsOf("Purge"),
  },
};

/**
 * One queue per entry of `core/queue.ts`, with a dead-letter queue that keeps what its
 * consumer failed `maxReceiveCount` times, and the consumer subscribed in batches that
 * report failed records one by one (Powertools' batch processor answers `batchItemFailures`).
 */
export const queue = Object.fromEntries(
  Object.entries(queues).map(([name, settings]) => {
    const deadLetter = new sst.aws.Queue(`${name}DeadLetter`, {
      transform: {
        queue: { messageRetentionSeconds: settings.deadLetterRetentionSeconds },
      },
    });
    const main = new sst.aws.Queue(name, {
      visibilityTimeout: `${visibilityTimeoutSeconds(settings)} seconds`,
      dlq: { queue: deadLetter.arn, retry: settings.maxReceiveCount },
    });
    const consumer = consumers[settings.consumer];
    main.subscribe(
      {
        ...consumer,
        // A consumer that hands the rest of its work on (Purge) sends to its own queue.
        link: (permissions[settings.consumer] as FunctionPermissions).sends?.includes(
          name as QueueName,
        )
          ? [...(consumer.link as []), main]
          : consumer.link,
        timeout: `${settings.consumerTimeoutSeconds} seconds`,
      },
      {
        batch: {
          size: settings.batchSize,
          window: `${settings.batchWindowSeconds} seconds`,
          partialResponses: true,
        },
      },
    );
    return [name, main];
  }),
) as Record<QueueName, sst.aws.Queue>;

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
