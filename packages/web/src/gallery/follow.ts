import { limits, type MediaInfo } from "@sharespace/core/schema";
import type { ApiError } from "../api";

/** A photo is processed in seconds; a large video's checksum can take minutes. */
const DELAYS_MS = [1_000, 1_500, 2_000, 3_000, 5_000, 10_000];
/** Processing that outlasts its deadline is failed by the sweep: no need to read longer. */
const FOLLOW_FOR_MS = (limits.media.processingDeadlineSeconds + 5 * 60) * 1000;

export interface FollowerOptions {
  /** `GET /api/media/{id}`. */
  get(id: string): Promise<MediaInfo>;
  /** Whether the gallery still holds the item (deleted or let go: stop following). */
  shown(id: string): boolean;
  /** The item as read now. */
  update(item: MediaInfo): void;
  /** The item no longer exists. */
  gone(id: string): void;
  /** Whether processing is over for the item. */
  done(item: MediaInfo): boolean;
  now: () => number;
  /** Waits between reads; the last one repeats. */
  delaysMs?: readonly number[];
}

/**
 * Follows items being processed (fresh uploads): each is read again, less and less often,
 * until processing is done, it is gone, or the gallery lets it go. There is no push from
 * the API; a few reads per upload cost less than one.
 */
export function createFollower(options: FollowerOptions) {
  const { get, shown, update, gone, done, now } = options;
  const delays = options.delaysMs ?? DELAYS_MS;
  const following = new Set<string>();

  async function follow(id: string) {
    if (following.has(id)) return;
    following.add(id);
    const until = now() + FOLLOW_FOR_MS;
    try {
      for (let attempt = 0; now() < until; attempt++) {
        const wait = delays[Math.min(attempt, delays.length - 1)] ?? 5_000;
        await new Promise((resolve) => setTimeout(resolve, wait));
        if (!shown(id)) return;
        let fresh: MediaInfo;
        try {
          fresh = await get(id);
        } catch (error) {
          if ((error as ApiError).status === 404) return gone(id);
          continue; // Offline for a moment: try again later.
        }
        // Let go meanwhile: its month loads it afresh when it comes back.
        if (!shown(id)) return;
        update(fresh);
        if (done(fresh)) return;
      }
    } finally {
      following.delete(id);
    }
  }

  return {
    /** Starts following `id`, unless it is followed already. */
    follow(id: string) {
      void follow(id);
    },
  };
}
