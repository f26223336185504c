import { isApiError } from "../api";

/** Whether a failed API call may succeed if sent again: no answer, throttled, or a 5xx. */
export const isTransient = (error: unknown) =>
  isApiError(error) &&
  (error.status === 0 || error.status === 429 || (error.status >= 500 && error.status !== 501));

export interface RetryOptions {
  /** Waits before each new attempt (ms): one more attempt than there are waits. */
  delays?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Sends an idempotent API call again after a passing failure (the network, a 503 while the
 * storage is busy completing a large upload). Calls that are not idempotent, like creating
 * an item, must not go through this.
 */
export async function retrying<T>(
  call: () => Promise<T>,
  {
    delays = [1_000, 3_000, 8_000],
    sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  }: RetryOptions = {},
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const delay = delays[attempt];
      if (delay === undefined || !isTransient(error)) throw error;
      await sleep(delay);
    }
  }
}
