/**
 * Link reads and removals that media and accounts need, kept apart from the link operations
 * so that media can import them.
 * @module
 */
import type { EntityItem } from "electrodb";
import { db } from "../db";
import type { LinkEntity } from "./entity";

/** A link as stored. */
export type LinkItem = EntityItem<typeof LinkEntity>;

/** The link with this token, strongly consistent (a revoke or PATCH shows at once). */
export async function readLink(token: string): Promise<LinkItem | undefined> {
  const { data } = await db().entities.link.get({ token }).go({ consistent: true });
  return data ?? undefined;
}

/** The links of an item, strongly consistent where the index allows (GSIs are eventual). */
export async function linksOf(mediaId: string) {
  const { data } = await db().entities.link.query.byMedia({ mediaId }).go({ pages: "all" });
  return data;
}

/** Removes one link with its slug, visits and wrong-password records. Idempotent. */
export async function removeLink(link: { token: string; slug?: string | undefined }) {
  await db().entities.link.delete({ token: link.token }).go();
  if (link.slug) {
    await db()
      .entities.slug.delete({ slug: link.slug })
      .where(({ token }, { eq }) => eq(token, link.token))
      .go()
      .catch(() => {}); // the slug already names another link, or is gone: not ours to remove
  }
  const { linkVisit } = db().entities;
  const visits = await linkVisit.query.byToken({ token: link.token }).go({ pages: "all" });
  if (visits.data.length) await linkVisit.delete(visits.data).go();
}

/**
 * Ends every link of an item (when the item is deleted). A link made just before may not
 * be in the index yet: every link read also checks that its item exists, so such a link
 * never works, and is removed when next opened.
 */
export async function removeLinksOf(mediaId: string): Promise<void> {
  for (const link of await linksOf(mediaId)) await removeLink(link);
}
