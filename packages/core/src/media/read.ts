import { createConversions } from "electrodb";
import type * as v from "valibot";
import { Actor } from "../actor";
import { Cursor } from "../cursor";
import { db } from "../db";
import type { ListMediaQuery, MediaInfo, MediaPage, Timeline } from "../schema/media";
import { viewable } from "./access";
import { MediaEntity } from "./entity";
import { toInfo } from "./info";
import { isMediaId } from "./store";

/** One item, for its owner or a user it is shared with (`urls` once ready). */
export async function get(mediaId: string): Promise<MediaInfo> {
  return toInfo(await viewable(mediaId));
}

type OwnerKey = { ownerId: string; visibility: string; takenAt: string; mediaId: string };

const byOwner = createConversions(MediaEntity).byAccessPattern.byOwner;

/**
 * The caller's gallery, newest `takenAt` first (equal times by id), from `until` when given:
 * one Query on the owner's index. `nextCursor` is `null` exactly at the end of the list.
 */
export async function list(query: v.InferOutput<typeof ListMediaQuery>): Promise<MediaPage> {
  const ownerId = Actor.userId();
  // `takenAt` ≤ until ⇔ `takenAt` < until + 1 ms: times are stored to the millisecond.
  const before = query.until ? new Date(Date.parse(query.until) + 1).toISOString() : undefined;
  const cursor = Cursor.decode(
    query.cursor,
    Cursor.forIndex<OwnerKey>(
      byOwner,
      (key) =>
        key.ownerId === ownerId &&
        key.visibility === "v" &&
        isMediaId(key.mediaId) &&
        (before === undefined || key.takenAt < before),
    ),
  );
  const mine = db().entities.media.query.byOwner({ ownerId, visibility: "v" });
  // One more than asked: whether there is a next page, without an empty last one.
  const page = await (before ? mine.lt({ takenAt: before }) : mine).go({
    order: "desc",
    limit: query.limit + 1,
    cursor,
  });
  const items = page.data.slice(0, query.limit);
  const last = items.at(-1);
  const more =
    page.data.length > query.limit || (page.cursor !== null && items.length < query.limit);
  return {
    items: await Promise.all(items.map(toInfo)),
    nextCursor:
      more && last
        ? Cursor.encode(
            byOwner.fromComposite.toCursor({
              ownerId,
              visibility: "v",
              takenAt: last.takenAt,
              mediaId: last.mediaId,
            }),
          )
        : null,
  };
}

/**
 * The caller's months with how many items each holds, newest first: one Query on the
 * owner's month counts, however large the library. Months emptied by deletes are left out.
 */
export async function timeline(): Promise<Timeline> {
  const ownerId = Actor.userId();
  const { data } = await db()
    .entities.monthCount.query.byOwner({ ownerId })
    .go({ order: "desc", pages: "all" });
  return {
    months: data
      .filter((m) => (m.count ?? 0) > 0)
      .map((m) => ({ month: m.month, count: m.count ?? 0 })),
  };
}
