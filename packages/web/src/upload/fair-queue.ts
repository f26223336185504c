/**
 * The queue every request to S3 waits in (Uppy's `RateLimitedQueue`, `limit` at once), made
 * fair to small files. Uppy's AWS S3 plugin queues a large file's parts at the highest
 * priority and a small file's request for its PUT URL at the lowest, so a folder of one big
 * video and fifty photos showed no photo until nearly every part of the video was on its
 * way. Here a single PUT (its URL and its bytes) goes before the parts of a multipart
 * upload, a part already signed still goes before the next part's URL, and parts hold at
 * most `limit - 1` places in the queue, so on a slow uplink (where each part takes a minute)
 * a photo does not wait for a part to finish: one request is always free for it.
 *
 * Uppy queues its calls through `wrapPromiseFunction`; this queue sets the priority of each
 * call from what it is: the bytes of a part (the URL names a `partNumber`), the bytes of a
 * single PUT, or `getUploadParameters`, which only single PUTs call.
 * @module
 */
import { RateLimitedQueue } from "@uppy/utils";
import { createSlots } from "./slots";

/** Priorities, highest first. Uppy's own: parts' URLs 0, completion 1, abort 1, create -1. */
export const priorities = {
  /** The bytes of a single PUT: a small file, done in one request. */
  putBytes: Number.POSITIVE_INFINITY,
  /** A single PUT's URL. */
  putUrl: 3,
  /** The bytes of a part whose URL is signed already. */
  partBytes: 2,
} as const;

type AnyFn = (...args: never[]) => unknown;
type Abortable<T> = Promise<T> & {
  abort(cause?: unknown): void;
  abortOn(signal?: AbortSignal): Abortable<T>;
};
type QueueOptions = { priority?: number } | undefined;

/** Whether Uppy's `uploadPartBytes` call is for a part of a multipart upload. */
const isPart = (args: unknown[]) => {
  const request = args[0] as { signature?: { url?: string } } | undefined;
  const url = request?.signature?.url;
  if (!url) return false;
  try {
    return new URL(url, "http://x").searchParams.has("partNumber");
  } catch {
    return false;
  }
};

/**
 * A `RateLimitedQueue` of `limit` requests at once that lets small files' requests pass a
 * large file's parts. `getUploadParameters`: the function the plugin is given for a single
 * PUT's URL (the queue recognises its calls by it).
 */
export function createFairQueue(limit: number, getUploadParameters: AnyFn): RateLimitedQueue {
  class FairQueue extends RateLimitedQueue {
    override wrapPromiseFunction<T extends AnyFn>(fn: T, options?: QueueOptions) {
      if (fn === getUploadParameters) {
        return super.wrapPromiseFunction(fn, { priority: priorities.putUrl });
      }
      // Uppy's `uploadPartBytes` is the one function it queues at Infinity.
      if (options?.priority !== Number.POSITIVE_INFINITY) {
        return super.wrapPromiseFunction(fn, options);
      }
      const asPart = super.wrapPromiseFunction(fn, { priority: priorities.partBytes });
      const asPut = super.wrapPromiseFunction(fn, { priority: priorities.putBytes });
      const partSlots = createSlots(Math.max(1, limit - 1));
      let parts = 0;
      const part = (...args: Parameters<T>) => {
        const id = `part-${parts++}`;
        const waiting = new AbortController();
        let queued: Abortable<unknown> | undefined;
        const promise = partSlots
          .acquire(id, waiting.signal)
          .then(() => {
            queued = asPart(...args) as Abortable<unknown>;
            return queued;
          })
          .finally(() => partSlots.release(id)) as Abortable<unknown>;
        promise.abort = (cause) => {
          waiting.abort(cause);
          queued?.abort(cause);
        };
        promise.abortOn = (signal) => {
          signal?.addEventListener("abort", () => promise.abort(signal.reason), { once: true });
          return promise;
        };
        return promise;
      };
      return ((...args: Parameters<T>) =>
        isPart(args) ? part(...args) : asPut(...args)) as unknown as ReturnType<
        RateLimitedQueue["wrapPromiseFunction"]
      >;
    }
  }
  return new FairQueue(limit);
}
