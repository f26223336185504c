/**
 * The owner's side of links: create, list, change and revoke. A slug is a guard item
 * created in the same transaction as its link; every write also checks that the item still
 * exists, so no link is ever made for a deleted item.
 * @module
 */
import { randomBytes } from "node:crypto";
import { createConversions } from "electrodb";
import { kdf } from "../account/password";
import { Actor } from "../actor";
import { Cursor } from "../cursor";
import { db } from "../db";
import { AppError, notFound } from "../error";
import { owned } from "../media/access";
import { refusedAt, transact } from "../media/store";
import type { CreateLinkBody, LinkInfo, LinkPage } from "../schema/share";
import { clock, isoNow } from "../time";
import { LinkEntity } from "./entity";
import { toLinkInfo } from "./info";
import { type LinkItem, linksOf, readLink, removeLink } from "./store";

/** Slugs are lower-case letters, digits and dashes; a token never is, so one read tells which. */
export const isSlugLike = (value: string) => /^[a-z0-9-]+$/.test(value);

/**
 * 144 bits from the CSPRNG, URL-safe (24 characters). A token that happens to read like a
 * slug is drawn again (about one in 100,000), so a token and a slug can never be confused.
 */
export function newToken(): string {
  for (;;) {
    const token = randomBytes(18).toString("base64url");
    if (!isSlugLike(token)) return token;
  }
}

type Policy = {
  expiresInSeconds?: number | null | undefined;
  password?: string | null | undefined;
  allowDownload?: boolean | undefined;
  maxViews?: number | null | undefined;
  slug?: string | null | undefined;
};

const slugTaken = () =>
  new AppError("conflict", "slug_taken", "This link name is taken. Choose another.", {
    details: [{ path: "slug", message: "This link name is taken." }],
  });

const expiryOf = (seconds: number) => {
  const at = clock.now() + seconds * 1000;
  return { expiry: new Date(at).toISOString(), expiresAt: Math.ceil(at / 1000) };
};

/** Creates a link to the caller's item. */
export async function create(mediaId: string, body: CreateLinkBody): Promise<LinkInfo> {
  const item = await owned(mediaId);
  const policy = body as Policy;
  const link: LinkItem = {
    token: newToken(),
    mediaId,
    ownerId: item.ownerId,
    allowDownload: policy.allowDownload ?? true,
    views: 0,
    createdAt: isoNow(),
    ...(policy.slug ? { slug: policy.slug } : {}),
    ...(policy.expiresInSeconds ? expiryOf(policy.expiresInSeconds) : {}),
    ...(policy.password ? { passwordHash: await kdf.hash(policy.password) } : {}),
    ...(policy.maxViews ? { maxViews: policy.maxViews } : {}),
  };
  const outcome = await transact(({ link: links, slug, media }) => [
    media
      .check({ mediaId })
      .where(({ mediaId: id }, { exists }) => exists(id))
      .commit(),
    links.create(link).commit(),
    ...(link.slug
      ? [slug.create({ slug: link.slug, token: link.token, ownerId: item.ownerId }).commit()]
      : []),
  ]);
  if (!outcome.committed) {
    const at = refusedAt(outcome.codes);
    if (at === 0) throw notFound();
    if (at === 2) throw slugTaken();
    throw new AppError("conflict", "conflict", "Try again.");
  }
  return toLinkInfo(link);
}

/** The links of the caller's item, newest first. */
export async function list(mediaId: string): Promise<{ links: LinkInfo[] }> {
  await owned(mediaId);
  const links = await linksOf(mediaId);
  return {
    links: links.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map(toLinkInfo),
  };
}

type OwnerKey = { ownerId: string; createdAt: string; token: string };
const byOwner = createConversions(LinkEntity).byAccessPattern.byOwner;

/**
 * Every link of the caller, newest first, across their items: one Query on the owner's
 * index (the Links page). A cursor into someone else's links is refused.
 */
export async function mine(query: {
  limit: number;
  cursor?: string | undefined;
}): Promise<LinkPage> {
  const ownerId = Actor.userId();
  const cursor = Cursor.decode(
    query.cursor,
    Cursor.forIndex<OwnerKey>(byOwner, (key) => key.ownerId === ownerId),
  );
  const page = await db()
    .entities.link.query.byOwner({ ownerId })
    .go({ order: "desc", limit: query.limit + 1, cursor });
  const links = page.data.slice(0, query.limit);
  const last = links.at(-1);
  return {
    items: links.map(toLinkInfo),
    nextCursor:
      page.data.length > query.limit && last
        ? Cursor.encode(
            byOwner.fromComposite.toCursor({
              ownerId,
              createdAt: last.createdAt,
              token: last.token,
            }),
          )
        : null,
  };
}

/** The caller's link `token` to their item `mediaId`; `not_found` otherwise. */
async function ownedLink(mediaId: string, token: string): Promise<LinkItem> {
  await owned(mediaId);
  const link = await readLink(token);
  if (!link || link.mediaId !== mediaId) throw notFound();
  return link;
}

/**
 * Changes a link's policy; it applies to the next open. `expiresInSeconds` counts from now;
 * `null` removes a control. A new slug is reserved in the same transaction, the old one freed.
 */
export async function update(mediaId: string, token: string, body: Policy): Promise<LinkInfo> {
  const link = await ownedLink(mediaId, token);
  const set: Partial<LinkItem> = {};
  const remove: ("expiry" | "expiresAt" | "passwordHash" | "maxViews" | "slug")[] = [];
  if (body.expiresInSeconds === null) remove.push("expiry", "expiresAt");
  else if (body.expiresInSeconds) Object.assign(set, expiryOf(body.expiresInSeconds));
  if (body.password === null) remove.push("passwordHash");
  else if (body.password) set.passwordHash = await kdf.hash(body.password);
  if (body.allowDownload !== undefined) set.allowDownload = body.allowDownload;
  if (body.maxViews === null) remove.push("maxViews");
  else if (body.maxViews) set.maxViews = body.maxViews;
  const newSlug = body.slug === undefined || body.slug === link.slug ? undefined : body.slug;
  if (newSlug === null) remove.push("slug");
  else if (newSlug) set.slug = newSlug;
  if (!Object.keys(set).length && !remove.length) return toLinkInfo(link);
  const outcome = await transact(({ link: links, slug }) => [
    links.patch({ token }).set(set).remove(remove).commit(),
    ...(newSlug ? [slug.create({ slug: newSlug, token, ownerId: link.ownerId }).commit()] : []),
    ...(newSlug !== undefined && link.slug
      ? [
          slug
            .delete({ slug: link.slug })
            .where(({ token: t }, { eq }) => eq(t, token))
            .commit(),
        ]
      : []),
  ]);
  if (!outcome.committed) {
    const at = refusedAt(outcome.codes);
    if (at === 1 && newSlug) throw slugTaken();
    throw notFound(); // revoked meanwhile
  }
  const updated = await readLink(token);
  if (!updated) throw notFound();
  return toLinkInfo(updated);
}

/** Revokes a link: it stops working at once (the next open reads it consistently). */
export async function revoke(mediaId: string, token: string): Promise<void> {
  await removeLink(await ownedLink(mediaId, token));
}
