import { limits } from "../limits";

/**
 * When the media sweep runs, declared once: infra's cron and the local stack's timer read it
 * (infra imports this module alone: it must stay free of AWS clients and links).
 */
export const sweepSchedule = {
  everyMinutes: limits.media.sweepEveryMinutes,
  /** `sst.aws.Cron`'s `schedule`. */
  rate: `rate(${limits.media.sweepEveryMinutes} minutes)`,
} as const;
