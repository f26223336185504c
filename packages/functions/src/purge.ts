import { queuePurge } from "@sharespace/core/account/deletion";
import { purgeAccount } from "@sharespace/core/account/purge";
import { limits } from "@sharespace/core/limits";
import type { Context, SQSEvent, SQSRecord } from "aws-lambda";
import * as v from "valibot";
import { processBatch } from "./batch";
import { logger } from "./logger";
import { countRetry, withMetrics } from "./metrics";

const Message = v.object({ userId: v.pipe(v.string(), v.regex(/^usr_[0-9A-Z]{26}$/)) });

/** Time kept back for the step in flight and the next message: a minute of the five. */
const RESERVE_MS = 60_000;

/**
 * Removes what a deleted account left (`AccountPurge` queue), a bounded batch per message:
 * when a batch does not finish, the next message is sent before this one is acknowledged,
 * so the work goes on in a new invocation and none runs into the timeout. A failure leaves
 * only its message to come back (Powertools reports it in `batchItemFailures`); every step
 * is idempotent.
 */
export const handler = async (event: SQSEvent, context: Context) => {
  logger.addContext(context);
  const purge = async (record: SQSRecord) => {
    countRetry(record);
    try {
      const { userId } = v.parse(Message, JSON.parse(record.body));
      const outcome = await purgeAccount(userId, {
        items: limits.purgeBatchItems,
        stop: () => context.getRemainingTimeInMillis() < RESERVE_MS,
      });
      if (!outcome.done) await queuePurge(userId);
      logger.info("Purged", { userId, ...outcome });
    } catch (error) {
      logger.error("Purge failed", { messageId: record.messageId, error });
      throw error;
    }
  };
  // One message after another: each may run for minutes, and holds the time left.
  return withMetrics(() => processBatch(event, purge, context));
};
