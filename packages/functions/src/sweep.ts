import { Media } from "@sharespace/core/media";
import { clock } from "@sharespace/core/time";
import { logger } from "./logger";

/**
 * Run on a schedule (`Media.sweepSchedule`: a cron deployed, a timer in the local stack):
 * removes uploads never completed and retries or fails items stuck in processing.
 */
export const handler = async (): Promise<Media.SweepReport> => {
  const report = await Media.sweep(clock.now());
  logger.info("Swept media", { ...report });
  return report;
};
