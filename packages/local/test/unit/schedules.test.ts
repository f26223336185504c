import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type ScheduledJob, scheduledJobs, startSchedules } from "../../src/schedules";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("the local stack's scheduled functions", () => {
  it("runs the media sweep on the schedule core declares", () => {
    expect(scheduledJobs().map(({ name, everyMs }) => [name, everyMs])).toEqual([
      ["Sweep", 15 * 60_000],
    ]);
  });

  it("runs a job soon after start, then every period, never two runs at once", async () => {
    let finish: () => void = () => {};
    const run = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const job: ScheduledJob = { name: "Job", everyMs: 60_000, run };
    const schedules = startSchedules([job], () => {}, 1_000);

    await vi.advanceTimersByTimeAsync(999);
    expect(run).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60_000); // still running: skipped
    expect(run).toHaveBeenCalledTimes(1);
    finish();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(run).toHaveBeenCalledTimes(2);
    finish();
    await schedules.stop();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it("reports a failed run and keeps the schedule", async () => {
    const errors: string[] = [];
    const run = vi.fn(async () => {
      throw new Error("table gone");
    });
    const schedules = startSchedules(
      [{ name: "Job", everyMs: 1_000, run }],
      (error, source) => errors.push(`${source}: ${(error as Error).message}`),
      0,
    );
    await vi.advanceTimersByTimeAsync(2_000);
    expect(run.mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(errors[0]).toBe("Job: table gone");
    await schedules.stop();
  });
});
