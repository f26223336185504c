/**
 * The visitor's side of links: opening one (`GET /api/links/{tokenOrSlug}`) and its Open
 * Graph card. Every open reads the link consistently (a revoke or PATCH applies at once),
 * enforces its policy, and checks that its item still exists.
 * @module
 */
import { createHash, randomBytes } from "node:crypto";
import { dummyHash, verifyPassword } from "../account/password";
import { db, isConditionFailure } from "../db";
import { AppError, notFound, unauthorized, unavailable } from "../error";
import { limits } from "../limits";
import { type MediaItem, readItem } from "../media/store";
import { Metrics, metricNames } from "../metrics";
import type { LinkVisit } from "../schema/share";
import { ObjectKey, Storage } from "../storage";
import { Throttle, type ThrottleRule } from "../throttle";
import { clock } from "../time";
import { stateOf, toVisitorMedia } from "./info";
import { isSlugLike } from "./manage";
import { type LinkItem, readLink, removeLink } from "./store";

const { maxWrongPasswords, wrongPasswordWindowSeconds, visitSeconds, visitorUrlSeconds } =
  limits.link;
const MAX_ATTEMPTS = 5;
const MAX_PASSWORD_HEADER = 4 * limits.link.password.max;

const expired = () => new AppError("gone", "link_expired", "This link has expired.");
const exhausted = () =>
  new AppError("gone", "link_exhausted", "This link has been viewed as often as it allows.");

/** The link a token (one GetItem) or a slug (its guard, then the link) names. */
export async function resolve(tokenOrSlug: string): Promise<LinkItem | undefined> {
  if (!isSlugLike(tokenOrSlug)) return readLink(tokenOrSlug);
  const { data } = await db().entities.slug.get({ slug: tokenOrSlug }).go({ consistent: true });
  return data ? readLink(data.token) : undefined;
}

/** The link's item; a link whose item is gone is removed and answers `not_found`. */
async function itemOf(link: LinkItem): Promise<MediaItem> {
  const item = await readItem(link.mediaId);
  if (item?.ownerId === link.ownerId) return item;
  await removeLink(link);
  throw notFound();
}

/**
 * Wrong passwords per link and window (`limits.link`), counted like failed sign-ins: each
 * attempt reserves a slot before the password is checked, so a burst of parallel guesses
 * gets no more checks than the ceiling. Keyed by the token's hash: the counter names no link.
 */
const passwordRule = (token: string): ThrottleRule => ({
  scope: "link:password",
  key: createHash("sha256").update(token).digest("base64url"),
  max: maxWrongPasswords,
  windowSeconds: wrongPasswordWindowSeconds,
});

/** The password check: throttled per link, in constant time (scrypt, `timingSafeEqual`). */
async function checkPassword(link: LinkItem, password: string | undefined): Promise<void> {
  if (!link.passwordHash) return;
  if (password === undefined || password === "") {
    throw unauthorized("password_required", "This link needs a password.");
  }
  const reservation = await Throttle.reserve(
    [passwordRule(link.token)],
    "Too many wrong passwords. Try again later.",
  );
  // A header may be far longer than any password: such a guess is wrong, at the same cost.
  const fits = password.length <= MAX_PASSWORD_HEADER;
  if (await verifyPassword(fits ? password : "", fits ? link.passwordHash : dummyHash)) {
    await reservation.release(); // only wrong passwords count
    return;
  }
  throw unauthorized("invalid_password", "The password is not right.");
}

/** Renews a visit of the last 30 minutes; `false` when there is none (unknown, too old). */
async function renewVisit(token: string, visitId: string): Promise<boolean> {
  if (!/^[\w-]{1,64}$/.test(visitId)) return false;
  const now = clock.now();
  const until = new Date(now + visitSeconds * 1000).toISOString();
  try {
    await db()
      .entities.linkVisit.patch({ token, visitId })
      .set({ until, expiresAt: Math.ceil(Date.parse(until) / 1000) })
      .where(({ until: u }, { gt }) => gt(u, new Date(now).toISOString()))
      .go();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false; // unknown, or older than 30 minutes
    throw error;
  }
}

/**
 * Counts one view with an atomic ADD, conditional on the link being as read (its cap and
 * expiry) and under its cap: concurrent opens of a capped link can never count past it.
 * One UpdateItem, not a transaction, so concurrent opens queue on the item instead of
 * cancelling each other. The visit that lets the page renew without counting is recorded
 * just before.
 */
async function countView(first: LinkItem): Promise<string> {
  let link: LinkItem | undefined = first;
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    if (!link) throw notFound();
    const state = stateOf(link);
    if (state === "expired") throw expired();
    if (state === "exhausted") throw exhausted();
    const current: LinkItem = link;
    // The visit first: once the view is counted, nothing is left that could fail the answer.
    // (A visit whose count is then refused is never handed out, and expires.)
    const visitId = randomBytes(16).toString("base64url");
    const until = new Date(clock.now() + visitSeconds * 1000).toISOString();
    // A put, not a create: the id is new, and the client's retry of a write that applied
    // must not fail on its own record.
    await db()
      .entities.linkVisit.put({
        token: current.token,
        visitId,
        until,
        expiresAt: Math.ceil(Date.parse(until) / 1000),
      })
      .go();
    try {
      await db()
        .entities.link.patch({ token: current.token })
        .add({ views: 1 })
        .where(({ maxViews, expiry, views }, { eq, lt, notExists }) =>
          [
            current.maxViews === undefined
              ? notExists(maxViews)
              : `${eq(maxViews, current.maxViews)} AND ${lt(views, current.maxViews)}`,
            current.expiry === undefined ? notExists(expiry) : eq(expiry, current.expiry),
          ].join(" AND "),
        )
        .go();
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      link = await readLink(current.token); // revoked, used up, or changed meanwhile
      continue;
    }
    Metrics.count(metricNames.linkView);
    return visitId;
  }
  throw unavailable();
}

/**
 * Opens a link: checks expiry, password and item, then counts a view, unless `visit` is
 * the id of an answer of the last 30 minutes (that only renews the URLs).
 */
export async function open(
  tokenOrSlug: string,
  request: { password?: string | undefined; visit?: string | undefined },
): Promise<LinkVisit> {
  const link = await resolve(tokenOrSlug);
  if (!link) throw notFound();
  if (stateOf(link) === "expired") throw expired();
  await checkPassword(link, request.password);
  const item = await itemOf(link);
  const renewed = request.visit ? await renewVisit(link.token, request.visit) : false;
  const visit = renewed && request.visit ? request.visit : await countView(link);
  return {
    media: await toVisitorMedia(item, link.allowDownload),
    expiresAt: link.expiry ?? null,
    allowDownload: link.allowDownload,
    visit,
  };
}

/**
 * The Open Graph card of a link without a password that still opens: a presigned GET of
 * the item's WebP preview (no location: previews carry no metadata). Counts no view.
 */
export async function card(tokenOrSlug: string): Promise<string> {
  const link = await resolve(tokenOrSlug);
  if (!link || link.passwordHash || stateOf(link) !== "active") throw notFound();
  const item = await itemOf(link);
  const kind = item.derivatives?.includes("preview")
    ? "preview"
    : item.derivatives?.includes("thumbnail")
      ? "thumbnail"
      : undefined;
  if (item.status !== "ready" || !kind) throw notFound();
  const { url } = await Storage.presignGet({
    key: ObjectKey.derived(item.ownerId, item.mediaId, kind),
    expiresInSeconds: visitorUrlSeconds,
    contentType: "image/webp",
  });
  return url;
}

/** What a link's page tells a crawler: enough for a chat preview, and nothing it should not. */
export interface LinkPreview {
  /** `missing`: unknown, revoked, or its item deleted. */
  state: "active" | "expired" | "exhausted" | "missing";
  /** The item's title (its filename when untitled); absent for password links. */
  title?: string;
  /** Whether the card image (`/api/links/{token}/card`) answers for this link. */
  card: boolean;
  /** The token, to build the card's URL. */
  token?: string;
}

/** The preview of a link's page. Counts no view and needs no password. */
export async function preview(tokenOrSlug: string): Promise<LinkPreview> {
  const link = await resolve(tokenOrSlug);
  const item = link ? await readItem(link.mediaId) : undefined;
  if (!link || !item || item.ownerId !== link.ownerId) return { state: "missing", card: false };
  const state = stateOf(link);
  const hasCard =
    state === "active" &&
    !link.passwordHash &&
    item.status === "ready" &&
    Boolean(item.derivatives?.some((kind) => kind === "preview" || kind === "thumbnail"));
  return {
    state,
    token: link.token,
    card: hasCard,
    ...(link.passwordHash ? {} : { title: item.title || item.filename }),
  };
}
