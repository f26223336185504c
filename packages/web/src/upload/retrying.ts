import { isApiError } from "../api";

/** Whether a failed API call may succeed if sent again: no answer, throttled, or a 5xx. */
export const isTransient = (error: unknown) =>
  isApiError(error) &&
  (error.status === 0 || error.status === 429 || (error.status >= 500 && error.status !== 501));

/**
 * How long a completion is tried again: S3 joining a large file's parts can outlast several
 * requests (each of which the API ends after about 15 s), and giving up then would throw away
 * an upload whose bytes are all there. About two minutes of waits, beside the attempts.
 */
export const COMPLETE_RETRY_DELAYS: readonly number[] = [
  1_000, 3_000, 8_000, 15_000, 30_000, 60_000,
];

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
