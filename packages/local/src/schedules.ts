/**
 * Scheduled functions, offline: what `sst.aws.Cron` runs deployed, run by a timer in the
 * local stack on the same schedule (declared once, in core). Today that is the media sweep.
 * @module
 */
// The schedule alone, not the media module: `npm start` must not load the AWS SDK before it
// needs it (its failure paths answer in one line, fast).
import { sweepSchedule } from "@sharespace/core/media/schedule";

/** One scheduled job: its period and what it runs. */
export interface ScheduledJob {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

/** The app's scheduled functions, each imported on first run (after the environment is set). */
export const scheduledJobs = (): ScheduledJob[] => [
  {
    name: "Sweep",
    everyMs: sweepSchedule.everyMinutes * 60_000,
    run: async () => (await import("@sharespace/functions/sweep")).handler(),
  },
];

/**
 * Runs each job once soon after start (what expired while the stack was stopped), then on its
 * schedule; a run never overlaps the previous one of the same job. Timers do not keep the
 * process alive. `stop` ends the timers and waits for runs in flight.
 */
export function startSchedules(
  jobs: readonly ScheduledJob[],
  onError: (error: unknown, source: string) => void,
  firstRunAfterMs = 10_000,
): { stop(): Promise<void> } {
  const timers: NodeJS.Timeout[] = [];
  const running = new Map<string, Promise<void>>();
  const tick = (job: ScheduledJob) => {
    if (running.has(job.name)) return;
    const run = job
      .run()
      .then(
        () => undefined,
        (error: unknown) => onError(error, job.name),
      )
      .finally(() => running.delete(job.name));
    running.set(job.name, run);
  };
  for (const job of jobs) {
    timers.push(setTimeout(() => tick(job), firstRunAfterMs).unref());
    timers.push(setInterval(() => tick(job), job.everyMs).unref());
  }
  return {
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      await Promise.allSettled([...running.values()]);
    },
  };
}
