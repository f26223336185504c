import { deliver, type NoticeMessage, queueNotice } from "@sharespace/core/share/notice";
import type { Context, SQSEvent, SQSRecord } from "aws-lambda";
import * as v from "valibot";
import { processBatch } from "./batch";
import { logger } from "./logger";
import { countRetry, withMetrics } from "./metrics";

const Message = v.object({
  userId: v.pipe(v.string(), v.regex(/^usr_[0-9A-Z]{26}$/)),
}) satisfies v.GenericSchema<NoticeMessage>;

async function notify(record: SQSRecord) {
  countRetry(record);
  try {
    const { userId } = v.parse(Message, JSON.parse(record.body));
    const outcome = await deliver(userId);
    if ("notYet" in outcome) await queueNotice(userId, outcome.inSeconds);
    else logger.info("Share notice", { userId, items: outcome.sent });
  } catch (error) {
    logger.error("Share notice failed", { messageId: record.messageId, error });
    throw error;
  }
}

/**
 * Closes recipients' notification windows (`ShareNotify` queue): one email per recipient
 * for the shares of a window. A message that came early goes back with the time left; a
 * failure leaves only its message to come back (its claimed items are put back first).
 */
export const handler = async (event: SQSEvent, context: Context) => {
  logger.addContext(context);
  return withMetrics(() => processBatch(event, notify, context));
};
