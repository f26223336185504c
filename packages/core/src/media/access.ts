/**
 * Who may do what with a media item. The owner may do everything; a user it is shared with
 * may see it (200 on GET) but not change it (403); anybody else learns nothing (404, as if
 * it did not exist).
 * @module
 */
import { Actor } from "../actor";
import { isVisibleShare } from "../share/store";
import { MediaError } from "./errors";
import { type MediaItem, readItem } from "./store";

/** What the actor may do with an item. */
export type MediaAccess = "owner" | "viewer" | "none";

/**
 * Whether the item is shared with the user, and the share is no longer pending (the user's
 * email is verified): a GetItem on the share (mediaId + userId) and one on the user.
 */
export const isSharedWith = (item: MediaItem, userId: string): Promise<boolean> =>
  isVisibleShare(item.mediaId, userId);

/** What `actor` may do with `item` (`none` for a missing item). */
export async function accessOf(
  item: MediaItem | undefined,
  actor: Actor = Actor.current(),
): Promise<MediaAccess> {
  if (!item || actor.type !== "user") return "none";
  if (item.ownerId === actor.userId) return "owner";
  return (await isSharedWith(item, actor.userId)) ? "viewer" : "none";
}

/** Whether `actor` may see `item`. */
export const canView = async (item: MediaItem | undefined, actor: Actor = Actor.current()) =>
  (await accessOf(item, actor)) !== "none";

/** The item, for its owner or a user it is shared with; `not_found` for anyone else. */
export async function viewable(mediaId: string): Promise<MediaItem> {
  Actor.userId();
  const item = await readItem(mediaId);
  if (!item || !(await canView(item))) throw MediaError.notFound();
  return item;
}

/**
 * The item, for its owner; `forbidden` for a user it is shared with, `not_found` for
 * anyone else.
 */
export async function owned(mediaId: string): Promise<MediaItem> {
  Actor.userId();
  const item = await readItem(mediaId);
  const access = await accessOf(item);
  if (access === "viewer") throw MediaError.forbidden();
  if (access === "none" || !item) throw MediaError.notFound();
  return item;
}
