/**
 * Reads and conditional transactions on the media entities, shared by every media operation.
 * @module
 */
import type { EntityItem } from "electrodb";
import * as v from "valibot";
import { db } from "../db";
import { unavailable } from "../error";
import { MediaId } from "../schema/media";
import type { MediaEntity } from "./entity";

/** A media item as stored. */
export type MediaItem = EntityItem<typeof MediaEntity>;

/** The owner and id of an item: what an object key names, and what Process holds. */
export interface MediaRef {
  ownerId: string;
  mediaId: string;
}

/** `2026-11` of an ISO time: the month count an item is counted in. */
export const monthOf = (takenAt: string) => takenAt.slice(0, 7);

/** The sweep index's partitions: enough that no partition takes every upload. */
export const SWEEP_SHARDS = 16;

/** The sweep partition of an item, from the random end of its ULID. */
export const sweepShardOf = (mediaId: string) =>
  String((mediaId.codePointAt(mediaId.length - 1) ?? 0) % SWEEP_SHARDS);

/** Whether `id` has the shape of a media id (anything else names nothing). */
export const isMediaId = (id: string) => v.is(MediaId, id);

/** The item, strongly consistent; `undefined` when there is none (or `id` is no media id). */
export async function readItem(mediaId: string): Promise<MediaItem | undefined> {
  if (!isMediaId(mediaId)) return undefined;
  const { data } = await db().entities.media.get({ mediaId }).go({ consistent: true });
  return data ?? undefined;
}

/** The checksum claim of an owner, if any. */
export async function readClaim(ownerId: string, checksum: string) {
  const { data } = await db().entities.checksum.get({ ownerId, checksum }).go({ consistent: true });
  return data ?? undefined;
}

type MediaWhere = Parameters<ReturnType<ReturnType<typeof MediaEntity.patch>["set"]>["where"]>[0];

/**
 * The condition every write that moves an item's counts is made under: the item is as it
 * was read (status, `takenAt` and size decide what it adds to usage and month counts).
 */
export const unchanged =
  (item: MediaItem): MediaWhere =>
  ({ status, takenAt, size }, { eq }) =>
    `${eq(status, item.status)} AND ${eq(takenAt, item.takenAt)} AND ${eq(size, item.size)}`;

type WriteFn = Parameters<ReturnType<typeof db>["transaction"]["write"]>[0];

/** The entities a write transaction's writes are made on. */
export type TransactEntities = Parameters<WriteFn>[0];

/** How a transaction ended: committed, or refused with each item's cancellation code. */
export type TransactOutcome = { committed: true } | { committed: false; codes: string[] };

const CONFLICT_RETRIES = 8;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs a write transaction. DynamoDB cancels a transaction that races another one on the
 * same item (`TransactionConflict`, e.g. two uploads reserving quota on one usage item at
 * once): those are retried with a jittered backoff, so only a condition decides the outcome.
 */
export async function transact(fn: WriteFn): Promise<TransactOutcome> {
  for (let attempt = 0; ; attempt++) {
    const result = await db().transaction.write(fn).go();
    if (!result.canceled) return { committed: true };
    const codes = result.data.map((item) => (item as { code?: string }).code ?? "None");
    if (!codes.includes("TransactionConflict")) return { committed: false, codes };
    if (attempt >= CONFLICT_RETRIES) throw unavailable();
    await pause(Math.random() * 10 * 2 ** attempt);
  }
}

/** The first of `codes` that is a failed condition: which item's condition refused. */
export const refusedAt = (codes: readonly string[]) => codes.indexOf("ConditionalCheckFailed");
