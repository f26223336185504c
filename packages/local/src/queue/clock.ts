/**
 * Time for the queue stand-in: what its visibility timeouts, batch windows and timestamps
 * read. The default follows the wall clock; tests use an adjustable one and jump over a
 * visibility timeout instead of waiting for it.
 * @module
 */

/** A cancellable timer. */
export type CancelTimer = () => void;

/** A clock with timers, in milliseconds. */
export interface Clock {
  now(): number;
  /** Runs `run` once `now()` has reached `now() + ms` (never before). */
  setTimeout(run: () => void, ms: number): CancelTimer;
}

/** The wall clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(run, ms) {
    const timer = setTimeout(run, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** A clock that runs like the wall clock and can also be moved forward at once. */
export interface AdjustableClock extends Clock {
  /** Moves time forward by `ms`; timers now due run right away (in a later task). */
  advance(ms: number): void;
}

interface Timer {
  due: number;
  run: () => void;
  cancel?: () => void;
}

/**
 * Wall-clock time plus an offset that {@link AdjustableClock.advance} adds to. Timers are
 * kept by due time and re-armed whenever time jumps, so a visibility timeout of six minutes
 * passes as soon as a test advances six minutes, and short delays still pass on their own.
 * A `frozen` clock stands still between advances (timers already due still run, in a later
 * task): what unit tests use to assert exact times.
 */
export function createAdjustableClock(options: { frozen?: number } = {}): AdjustableClock {
  let offset = 0;
  const timers = new Set<Timer>();
  const { frozen } = options;
  const now = () => (frozen ?? Date.now()) + offset;
  const arm = (timer: Timer) => {
    timer.cancel?.();
    timer.cancel = undefined;
    if (frozen !== undefined && timer.due > now()) return; // waits for an advance
    const handle = setTimeout(
      () => {
        if (!timers.has(timer)) return;
        // Node may fire a timer a millisecond early by Date.now(): wait for the rest.
        if (now() < timer.due) return arm(timer);
        timers.delete(timer);
        timer.run();
      },
      Math.max(0, timer.due - now()),
    );
    handle.unref();
    timer.cancel = () => clearTimeout(handle);
  };
  return {
    now,
    setTimeout(run, ms) {
      const timer: Timer = { due: now() + Math.max(0, ms), run };
      timers.add(timer);
      arm(timer);
      return () => {
        timers.delete(timer);
        timer.cancel?.();
      };
    },
    advance(ms) {
      offset += ms;
      for (const timer of timers) arm(timer);
    },
  };
}
