import type * as v from "valibot";
import { Actor } from "../actor";
import { unavailable } from "../error";
import type { DeletedMedia, MediaInfo, UpdateMediaBody } from "../schema/media";
import { clock } from "../time";
import { owned } from "./access";
import { toInfo } from "./info";
import { removeItem } from "./remove";
import { type MediaItem, monthOf, readItem, transact, unchanged } from "./store";

const MAX_ATTEMPTS = 5;

/**
 * Changes the title, description or `takenAt` of the caller's item. A new `takenAt` is the
 * owner's own (processing keeps it) and, for an item in the gallery, moves its month count
 * in the same transaction.
 */
export async function update(
  mediaId: string,
  body: v.InferOutput<typeof UpdateMediaBody>,
): Promise<MediaInfo> {
  let item: MediaItem | undefined = await owned(mediaId);
  for (let i = 0; i < MAX_ATTEMPTS && item; i++) {
    const current: MediaItem = item;
    const takenAt = body.takenAt ?? current.takenAt;
    const from = monthOf(current.takenAt);
    const to = monthOf(takenAt);
    const counted = current.visibility === "v" && from !== to;
    const outcome = await transact(({ media, monthCount }) => [
      media
        .patch({ mediaId: current.mediaId })
        .set({
          ownerId: current.ownerId,
          ...(body.title === undefined ? {} : { title: body.title }),
          ...(body.description === undefined ? {} : { description: body.description }),
          ...(body.takenAt === undefined ? {} : { takenAtSource: "manual" as const }),
          visibility: current.visibility,
          takenAt,
          updatedAt: new Date(clock.now()).toISOString(),
        })
        .where(unchanged(current))
        .commit(),
      ...(counted
        ? [
            monthCount
              .update({ ownerId: current.ownerId, month: from })
              .add({ count: -1 })
              .commit(),
            monthCount.update({ ownerId: current.ownerId, month: to }).add({ count: 1 }).commit(),
          ]
        : []),
    ]);
    if (outcome.committed) return toInfo((await readItem(mediaId)) ?? current);
    item = await readItem(mediaId);
  }
  if (!item) return toInfo(await owned(mediaId)); // gone meanwhile: answers not_found
  throw unavailable();
}

/**
 * Deletes the caller's item: its objects, its records, its share of usage and its month
 * count. `false` when there is no such item of the caller's (or it was deleted meanwhile);
 * `forbidden` for a user it is shared with.
 */
export async function remove(mediaId: string): Promise<boolean> {
  const item = await owned(mediaId);
  return removeItem(item);
}

const BULK_CONCURRENCY = 8;

/**
 * Deletes up to 100 of the caller's items, as {@link remove} each. Ids that are not the
 * caller's items (someone else's, a user's it is shared with, unknown, malformed) are
 * `notFound`, and nothing tells them apart.
 */
export async function removeMany(ids: readonly string[]): Promise<DeletedMedia> {
  const ownerId = Actor.userId();
  const unique = [...new Set(ids)];
  const deleted: string[] = [];
  const notFound: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < unique.length) {
      const id = unique[next++] as string;
      const item = await readItem(id);
      const removed = item?.ownerId === ownerId && (await removeItem(item));
      (removed ? deleted : notFound).push(id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, unique.length) }, worker));
  const order = new Map(unique.map((id, i) => [id, i]));
  const byRequest = (a: string, b: string) => (order.get(a) ?? 0) - (order.get(b) ?? 0);
  return { deleted: deleted.sort(byRequest), notFound: notFound.sort(byRequest) };
}
