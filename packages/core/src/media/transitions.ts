/**
 * The status transitions of a media item, for Process (and the `complete` route, for both kinds of upload):
 *
 * ```
 * uploading ──startProcessing──► processing ──markReady──► ready
 *     └──────────markFailed──────────┴─────────markFailed──► failed
 * ```
 *
 * Each is a conditional transaction on the item's state as read, which moves the owner's
 * usage and month counts in the same write, so a transition counts exactly once: a duplicate
 * event finds the item already moved and changes nothing (`changed: false`). None of them
 * asks who the actor is: the caller (Process) acts for the system, on the owner and id an
 * object key names, and a key whose owner is not the item's finds nothing.
 * @module
 */
import { unavailable } from "../error";
import { limits } from "../limits";
import type { DerivedKind } from "../storage";
import { clock } from "../time";
import { goLive } from "./claim";
import { removeItem } from "./remove";
import {
  type MediaItem,
  type MediaRef,
  monthOf,
  readClaim,
  readItem,
  sweepShardOf,
  transact,
  unchanged,
} from "./store";

/** What a transition did: moved the item, or found it already past (or gone). */
export type Transition =
  | { changed: true; item: MediaItem; duplicateOf?: undefined }
  | {
      changed: false;
      item: MediaItem | undefined;
      /** The live item that holds these bytes already: this upload was removed as its duplicate. */
      duplicateOf?: string;
    };

/** What processing learned about a file, recorded by {@link markReady}. */
export interface ReadyInfo {
  /** The stored object's real size in bytes. */
  size: number;
  /** After EXIF orientation (upright). */
  width?: number;
  height?: number;
  durationSeconds?: number;
  /**
   * The capture time read from the file, ISO 8601. Kept only when the owner has not set one
   * themselves; without it `takenAt` stays `lastModified` or the upload time.
   */
  takenAt?: string;
  takenAtSource?: "exif" | "container";
  /** ThumbHash, base64. */
  placeholder?: string;
  /** The derivatives written (`thumbnail`, `preview`, `poster`, `clean`). */
  derivatives?: DerivedKind[];
  /** The original carries location metadata (link visitors then get the `clean` copy). */
  gps?: boolean;
}

/** Derivatives made later (a video's poster frame arrived), recorded by {@link addDerivatives}. */
export interface DerivativesInfo {
  derivatives: DerivedKind[];
  placeholder?: string;
}

const MAX_ATTEMPTS = 5;
const iso = (ms: number) => new Date(ms).toISOString();

/** The item `ref` names, only if its owner is the one `ref` names. */
async function readRef(ref: MediaRef): Promise<MediaItem | undefined> {
  const item = await readItem(ref.mediaId);
  return item && item.ownerId === ref.ownerId ? item : undefined;
}

/**
 * Runs `attempt` on the item as read until its conditional write commits, or the item is
 * gone or no longer in a state `accepts`; a lost race re-reads and tries again. `known`, the
 * item as the caller last saw it, saves the first read: the write's condition (the item is
 * as read) refuses it if it is stale, and the next attempt reads. An attempt that commits
 * answers `true` (the item is read back) or the item as its write left it (no read: what its
 * condition guards, status, `takenAt` and size, is certain; a title edited meanwhile is not).
 */
async function transition(
  ref: MediaRef,
  accepts: (item: MediaItem) => boolean,
  attempt: (item: MediaItem) => Promise<boolean | MediaItem>,
  known?: MediaItem,
): Promise<Transition> {
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    const item =
      i === 0 && known?.mediaId === ref.mediaId && known.ownerId === ref.ownerId
        ? known
        : await readRef(ref);
    if (!item || !accepts(item)) return { changed: false, item };
    const written = await attempt(item);
    if (typeof written === "object") return { changed: true, item: written };
    if (written) {
      const after = await readRef(ref);
      return after ? { changed: true, item: after } : { changed: false, item: undefined };
    }
  }
  throw unavailable();
}

/**
 * `uploading` → `processing`: the object has arrived. The item joins the gallery (and its
 * month's count), and the sweep retries or fails it if processing has not finished within
 * 15 minutes. Already processing, ready or failed: no change. `known`: the item as just read.
 *
 * An item with a checksum goes live only by claiming it (`claim.ts`): when the owner already
 * has these bytes live, this upload is their duplicate and is removed (its object, its
 * reserved bytes), with `duplicateOf` naming the item that holds them.
 */
export async function startProcessing(ref: MediaRef, known?: MediaItem): Promise<Transition> {
  const plain = await transition(
    ref,
    (item) => item.status === "uploading" && item.checksum === undefined,
    async (item) => {
      const now = clock.now();
      const set = {
        ownerId: item.ownerId,
        status: "processing",
        visibility: "v",
        takenAt: item.takenAt,
        deadlineAt: iso(now + limits.media.processingDeadlineSeconds * 1000),
        sweepShard: sweepShardOf(item.mediaId),
        updatedAt: iso(now),
      } as const;
      const outcome = await transact(({ media, monthCount }) => [
        media
          .patch({ mediaId: item.mediaId })
          .set(set)
          .where(
            (attributes, operations) =>
              // Whoever sets a checksum moves the item too; this guards the claim path's turf.
              `${unchanged(item)(attributes, operations)} AND ${operations.notExists(attributes.checksum)}`,
          )
          .commit(),
        monthCount
          .update({ ownerId: item.ownerId, month: monthOf(item.takenAt) })
          .add({ count: 1 })
          .commit(),
      ]);
      // Its condition held: the item is as this write left it.
      return outcome.committed && { ...item, ...set };
    },
    known,
  );
  const item = plain.item;
  if (plain.changed || item?.status !== "uploading" || !item.checksum) return plain;
  const claimed = await goLive(item, item.checksum);
  if (claimed.result === "claimed") return { changed: true, item: claimed.item };
  if (claimed.result === "moved") return { changed: false, item: claimed.item };
  await removeItem(claimed.item, (current) => current.status === "uploading");
  return { changed: false, item: undefined, duplicateOf: claimed.of };
}

/**
 * `processing` → `ready`, with what processing found. The owner's usage counts the item's
 * real size (and its reservation follows it); if the capture time moves the item to another
 * month, the month counts move with it. Anything but processing: no change. `known`: the item
 * as just read or moved.
 */
export function markReady(ref: MediaRef, info: ReadyInfo, known?: MediaItem): Promise<Transition> {
  if (!Number.isSafeInteger(info.size) || info.size < 0) {
    throw new RangeError(`Not a size: ${info.size}`);
  }
  const captured = info.takenAt === undefined ? undefined : new Date(info.takenAt);
  if (captured && Number.isNaN(captured.getTime())) {
    throw new RangeError(`Not a time: ${info.takenAt}`);
  }
  return transition(
    ref,
    (item) => item.status === "processing",
    async (item) => {
      const keepOwn = item.takenAtSource === "manual" || !captured;
      const takenAt = keepOwn ? item.takenAt : iso(captured.getTime());
      const from = monthOf(item.takenAt);
      const to = monthOf(takenAt);
      const set = {
        ownerId: item.ownerId,
        status: "ready",
        visibility: "v",
        size: info.size,
        takenAt,
        takenAtSource: keepOwn ? item.takenAtSource : (info.takenAtSource ?? "exif"),
        ...defined({
          width: info.width,
          height: info.height,
          durationSeconds: info.durationSeconds,
          placeholder: info.placeholder,
          gps: info.gps,
        }),
        updatedAt: iso(clock.now()),
      } as const;
      const outcome = await transact(({ media, usage, monthCount }) => [
        media
          .patch({ mediaId: item.mediaId })
          .set(set)
          .add(info.derivatives?.length ? { derivatives: info.derivatives } : {})
          .remove(["deadlineAt", "sweepShard", "failure"])
          .where(unchanged(item))
          .commit(),
        usage
          .update({ userId: item.ownerId })
          .add({ bytes: info.size, count: 1, reservedBytes: info.size - item.size })
          .commit(),
        ...(from === to
          ? []
          : [
              monthCount.update({ ownerId: item.ownerId, month: from }).add({ count: -1 }).commit(),
              monthCount.update({ ownerId: item.ownerId, month: to }).add({ count: 1 }).commit(),
            ]),
      ]);
      if (!outcome.committed) return false;
      // The item as the write left it (its condition held: it was `item`), without reading it
      // back: the read would sit between the derivatives and the item's `ready` answer.
      const { deadlineAt, sweepShard, failure, ...kept } = item;
      const derivatives = [...new Set([...(item.derivatives ?? []), ...(info.derivatives ?? [])])];
      return { ...kept, ...set, ...(derivatives.length ? { derivatives } : {}) };
    },
    known,
  );
}

/**
 * `uploading` or `processing` → `failed`, with the reason shown to the owner. The reserved
 * bytes are released and the checksum claim too (the same bytes may be uploaded again); an
 * item failed while uploading joins the gallery so its owner sees why. The caller removes
 * the object (`Storage.removeMedia`). Ready or failed already: no change.
 */
export function markFailed(ref: MediaRef, reason: string): Promise<Transition> {
  return transition(
    ref,
    (item) => item.status === "uploading" || item.status === "processing",
    async (item) => {
      const claim = item.checksum ? await readClaim(item.ownerId, item.checksum) : undefined;
      const outcome = await transact(({ media, usage, monthCount, checksum }) => [
        media
          .patch({ mediaId: item.mediaId })
          .set({
            ownerId: item.ownerId,
            status: "failed",
            visibility: "v",
            takenAt: item.takenAt,
            failure: reason.slice(0, 500),
            updatedAt: iso(clock.now()),
          })
          .remove(["deadlineAt", "sweepShard"])
          .where(unchanged(item))
          .commit(),
        usage.update({ userId: item.ownerId }).add({ reservedBytes: -item.size }).commit(),
        ...(item.visibility === "u"
          ? [
              monthCount
                .update({ ownerId: item.ownerId, month: monthOf(item.takenAt) })
                .add({ count: 1 })
                .commit(),
            ]
          : []),
        ...(claim?.mediaId === item.mediaId
          ? [
              checksum
                .delete({ ownerId: claim.ownerId, checksum: claim.checksum })
                .where(({ mediaId }, { eq }) => eq(mediaId, item.mediaId))
                .commit(),
            ]
          : []),
      ]);
      return outcome.committed;
    },
  );
}

/**
 * Records derivatives made after the item was processed (a video's thumbnail and preview
 * from its poster frame). Processing or ready only; usage does not change (derivatives are
 * the app's, not the owner's bytes).
 */
export function addDerivatives(ref: MediaRef, info: DerivativesInfo): Promise<Transition> {
  return transition(
    ref,
    (item) => item.status === "processing" || item.status === "ready",
    async (item) => {
      const outcome = await transact(({ media }) => [
        media
          .patch({ mediaId: item.mediaId })
          .set({ ...defined({ placeholder: info.placeholder }), updatedAt: iso(clock.now()) })
          .add(info.derivatives.length ? { derivatives: info.derivatives } : {})
          .where(unchanged(item))
          .commit(),
      ]);
      return outcome.committed;
    },
  );
}

/** The entries of `values` that are not undefined (ElectroDB refuses to `set` undefined). */
function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
