import { Media } from "@sharespace/core/media";
import { redrive } from "@sharespace/core/media/process/redrive";
import { clock } from "@sharespace/core/time";
import { logger } from "./logger";
import { withMetrics } from "./metrics";

/**
 * Run on a schedule (`Media.sweepSchedule`: a cron deployed, a timer in the local stack):
 * removes uploads never completed, hands items stuck in processing back to the Processing
 * queue once, and fails those stuck again.
 */
export const handler = (): Promise<Media.SweepReport> =>
  withMetrics(async () => {
    const report = await Media.sweep(clock.now(), { redrive });
    logger.info("Swept media", { ...report });
    return report;
  });
