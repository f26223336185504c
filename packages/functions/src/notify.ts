import { deliver, type NoticeMessage, queueNotice } from "@sharespace/core/share/notice";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import * as v from "valibot";
import { logger } from "./logger";

const Message = v.object({
  userId: v.pipe(v.string(), v.regex(/^usr_[0-9A-Z]{26}$/)),
}) satisfies v.GenericSchema<NoticeMessage>;

/**
 * Closes recipients' notification windows (`ShareNotify` queue): one email per recipient
 * for the shares of a window. A message that came early goes back with the time left; a
 * failure leaves the message to come back (its claimed items are put back first).
 */
export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  const failures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    try {
      const { userId } = v.parse(Message, JSON.parse(record.body));
      const outcome = await deliver(userId);
      if ("notYet" in outcome) await queueNotice(userId, outcome.inSeconds);
      else logger.info("Share notice", { userId, items: outcome.sent });
    } catch (error) {
      logger.error("Share notice failed", { messageId: record.messageId, error });
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
};
