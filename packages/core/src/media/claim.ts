/**
 * The duplicate rule: one owner's bytes (one checksum) are live (`processing` or `ready`) in
 * one item at most. The owner's checksum claim names the item that holds them, and an item
 * goes live only in the transaction that makes the claim name it, on the condition that the
 * claim's previous holder is still not live. Two uploads of the same bytes racing to go live
 * (a single PUT landing or completed by its client, a multipart upload completing, with the
 * checksum sent at start or at completion) therefore cannot both win: every loser then finds
 * a live holder, and is a duplicate.
 *
 * Creating an upload claims a free checksum early, and answers 409 `duplicate` at once when
 * a live item holds it; that answer is a courtesy, the rule is kept here.
 * @module
 */
import { conflict } from "../error";
import { limits } from "../limits";
import { clock } from "../time";
import {
  type MediaItem,
  monthOf,
  readClaim,
  readItem,
  refusedAt,
  sweepShardOf,
  type TransactEntities,
  transact,
  unchanged,
} from "./store";

/** What going live with a checksum did. */
export type GoLive =
  /** Claimed: the item is `processing` now, its checksum recorded. */
  | { result: "claimed"; item: MediaItem }
  /** The owner already has these bytes live in item `of`: this one is still `uploading`. */
  | { result: "duplicate"; of: string; item: MediaItem }
  /** The item is no longer an upload to claim for (another call moved it, or it is gone). */
  | { result: "moved"; item: MediaItem | undefined };

// Each refused attempt means another writer changed the claim or the item meanwhile.
const MAX_ATTEMPTS = 8;
// Between refused attempts, a jittered pause (up to 5, 10, 20… ms) spreads racers out, so
// that one of them commits instead of all of them refusing each other again at once.
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** attempt));
const iso = (ms: number) => new Date(ms).toISOString();

/** Whether an item holds its bytes live: counted in the gallery, a duplicate's original. */
export const isLive = (item: MediaItem | undefined) =>
  item?.status === "processing" || item?.status === "ready";

/**
 * The claim of `checksum` and the item it names, read strongly consistent; `self`, the item
 * as the caller holds it, is not read again when the claim names it.
 */
export async function readHolder(ownerId: string, checksum: string, self?: MediaItem) {
  const claim = await readClaim(ownerId, checksum);
  const holder =
    claim && claim.mediaId === self?.mediaId
      ? self
      : claim
        ? await readItem(claim.mediaId)
        : undefined;
  return { claim, holder };
}

/**
 * The live item, other than `mediaId`, that holds `checksum` for `ownerId`: the one an upload
 * of these bytes is a duplicate of. Its id, or undefined.
 */
export async function liveHolderOf(
  ownerId: string,
  checksum: string,
  mediaId: string,
  self?: MediaItem,
): Promise<string | undefined> {
  const { holder } = await readHolder(ownerId, checksum, self);
  return holder && holder.mediaId !== mediaId && isLive(holder) ? holder.mediaId : undefined;
}

/**
 * The writes that make `mediaId` the claim's holder: a new claim when there is none, a check
 * that it still names `mediaId` when it does, or a hand-over from a previous holder, on the
 * conditions that the claim still names it and that it is as read (not live: its status
 * unchanged). A holder that no longer exists needs no check: ids never come back.
 */
export function claimWrites(
  { checksum: claims, media }: TransactEntities,
  target: { ownerId: string; checksum: string; mediaId: string },
  { claim, holder }: Awaited<ReturnType<typeof readHolder>>,
) {
  const key = { ownerId: target.ownerId, checksum: target.checksum };
  if (!claim) return [claims.create({ ...key, mediaId: target.mediaId }).commit()];
  if (claim.mediaId === target.mediaId) {
    return [
      claims
        .check(key)
        .where(({ mediaId }, { eq }) => eq(mediaId, target.mediaId))
        .commit(),
    ];
  }
  return [
    claims
      .patch(key)
      .set({ mediaId: target.mediaId })
      .where(({ mediaId }, { eq }) => eq(mediaId, claim.mediaId))
      .commit(),
    ...(holder
      ? [
          media
            .check({ mediaId: holder.mediaId })
            .where(({ status }, { eq }) => eq(status, holder.status))
            .commit(),
        ]
      : []),
  ];
}

/**
 * Moves `first` (uploading, with `checksum` or no checksum yet) to `processing`, claiming
 * `checksum` for it in the same conditional transaction. When a live item holds the claim,
 * the answer is `duplicate` and nothing changes: the caller removes the upload.
 */
export async function goLive(first: MediaItem, checksum: string): Promise<GoLive> {
  let item: MediaItem | undefined = first;
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    if (item?.status !== "uploading" || (item.checksum && item.checksum !== checksum)) {
      return { result: "moved", item };
    }
    // An upload that claimed its checksum when it was created (the usual case) is taken to
    // hold the claim still: the transaction checks that it does (and a refusal reads it).
    const held =
      i === 0 && item.checksum === checksum
        ? { claim: { ownerId: item.ownerId, checksum, mediaId: item.mediaId }, holder: item }
        : await readHolder(item.ownerId, checksum, item);
    if (held.holder?.mediaId !== item.mediaId && isLive(held.holder)) {
      return { result: "duplicate", of: (held.holder as MediaItem).mediaId, item };
    }
    const current: MediaItem = item;
    const now = clock.now();
    const set = {
      ownerId: current.ownerId,
      checksum,
      status: "processing",
      visibility: "v",
      takenAt: current.takenAt,
      deadlineAt: iso(now + limits.media.processingDeadlineSeconds * 1000),
      sweepShard: sweepShardOf(current.mediaId),
      updatedAt: iso(now),
    } as const;
    const outcome = await transact((entities) => [
      entities.media
        .patch({ mediaId: current.mediaId })
        .set(set)
        .where((attributes, operations) =>
          current.checksum
            ? unchanged(current)(attributes, operations)
            : `${unchanged(current)(attributes, operations)} AND ${operations.notExists(attributes.checksum)}`,
        )
        .commit(),
      entities.monthCount
        .update({ ownerId: current.ownerId, month: monthOf(current.takenAt) })
        .add({ count: 1 })
        .commit(),
      ...claimWrites(
        entities,
        { ownerId: current.ownerId, checksum, mediaId: current.mediaId },
        held,
      ),
    ]);
    // Its condition held, so the item is `current` as this write left it (as far as the
    // condition guards: status, takenAt, size): not read back.
    if (outcome.committed) return { result: "claimed", item: { ...current, ...set } };
    // The item changed (another call moved it), or the claim did: read both again.
    if (refusedAt(outcome.codes) < 0) {
      throw new Error(`Claiming a checksum failed: ${outcome.codes}`);
    }
    if (i > 0) await backoff(i);
    item = await readItem(current.mediaId);
  }
  // Out of attempts: the holder as it is now still decides for a loser (the winner that kept
  // refusing this one is live by now, as a rule); only an undecided race is a conflict.
  if (item?.status !== "uploading") return { result: "moved", item };
  const of = await liveHolderOf(item.ownerId, checksum, item.mediaId, item);
  if (of) return { result: "duplicate", of, item };
  throw conflict("This file is being uploaded by another request right now. Try again.");
}
