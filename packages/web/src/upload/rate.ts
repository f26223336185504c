/**
 * Upload speed over a sliding window: recent enough to follow a change of network, long
 * enough that one slow part does not make the time left jump about. Times are passed in
 * (the engine's clock), so tests need no real waiting.
 */
export interface RateMeter {
  /** Records the bytes sent so far at a moment (ms). */
  sample(bytes: number, at: number): void;
  /**
   * Bytes per second, once the window holds enough to say. Given `now`, a stall counts:
   * the speed falls while no progress comes.
   */
  bytesPerSecond(now?: number): number | undefined;
  /** Forgets the history (a paused or restarted upload). */
  reset(): void;
}

export const WINDOW_MS = 8_000;
/** Less than this much history says nothing reliable yet. */
export const MIN_SPAN_MS = 1_000;

export function createRateMeter(windowMs = WINDOW_MS): RateMeter {
  let samples: { bytes: number; at: number }[] = [];
  return {
    sample(bytes, at) {
      const last = samples.at(-1);
      // Progress only grows; a smaller count means the upload started over (a retry).
      if (last && (bytes < last.bytes || at < last.at)) samples = [];
      samples.push({ bytes, at });
      const oldest = at - windowMs;
      // Keep one sample at or before the window's start, so the window stays full.
      while (samples.length > 2 && (samples[1]?.at ?? at) <= oldest) samples.shift();
    },
    bytesPerSecond(now) {
      const first = samples[0];
      const last = samples.at(-1);
      if (!first || !last) return undefined;
      const end = Math.max(last.at, now ?? last.at);
      if (end - first.at < MIN_SPAN_MS) return undefined;
      return ((last.bytes - first.bytes) * 1000) / (end - first.at);
    },
    reset() {
      samples = [];
    },
  };
}

/**
 * The speed of several uploads together: the sum of each one's own speed, known once any is.
 * Each meter starts with its file's first byte, so time a file spent hashing or waiting for
 * its turn never dilutes the total (one file sending alone shows its own speed overall).
 */
export function combinedRate(meters: Iterable<RateMeter>, now?: number): number | undefined {
  let total: number | undefined;
  for (const meter of meters) {
    const speed = meter.bytesPerSecond(now);
    if (speed !== undefined) total = (total ?? 0) + speed;
  }
  return total;
}

/** Seconds left at that speed, or `undefined` when the speed is not known (or zero). */
export function secondsLeft(remainingBytes: number, bytesPerSecond: number | undefined) {
  if (!bytesPerSecond || bytesPerSecond <= 0) return undefined;
  return Math.max(0, Math.ceil(remainingBytes / bytesPerSecond));
}
