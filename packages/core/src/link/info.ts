import { Resource } from "sst";
import { limits } from "../limits";
import type { MediaItem } from "../media/store";
import type { LinkInfo, VisitorMedia } from "../schema/share";
import { ObjectKey, Storage } from "../storage";
import { clock } from "../time";
import type { LinkItem } from "./store";

/** The app's origin (the router's URL): where `/s/{token}` pages are served. */
export const siteUrl = () => Resource.Router.url.replace(/\/+$/, "");

/** Why a link no longer opens, if it does not. */
export function stateOf(link: LinkItem, now = clock.now()): LinkInfo["state"] {
  if (link.expiry && Date.parse(link.expiry) <= now) return "expired";
  if (link.maxViews !== undefined && link.views >= link.maxViews) return "exhausted";
  return "active";
}

/** A link as its owner sees it. */
export const toLinkInfo = (link: LinkItem): LinkInfo => ({
  token: link.token,
  mediaId: link.mediaId,
  url: `${siteUrl()}/s/${link.slug ?? link.token}`,
  ...(link.slug ? { slug: link.slug } : {}),
  expiresAt: link.expiry ?? null,
  hasPassword: link.passwordHash !== undefined,
  allowDownload: link.allowDownload,
  maxViews: link.maxViews ?? null,
  views: link.views,
  state: stateOf(link),
  createdAt: link.createdAt,
});

/**
 * The object a visitor may get as the item's full-size file: never one that may carry
 * location. An image's copy without location metadata when Process made one, the original
 * when Process found none in it, else nothing. A video's original (its embedded metadata
 * stays; the share dialog says so).
 */
export function visitorOriginal(item: MediaItem): string | undefined {
  if (!item.contentType.startsWith("image/")) return ObjectKey.original(item.ownerId, item.mediaId);
  if (item.derivatives?.includes("clean"))
    return ObjectKey.derived(item.ownerId, item.mediaId, "clean");
  if (item.gps === false) return ObjectKey.original(item.ownerId, item.mediaId);
  return undefined;
}

/** Presigned GETs for a visitor, valid at most 10 minutes. */
async function visitorUrls(item: MediaItem, allowDownload: boolean): Promise<VisitorMedia["urls"]> {
  const expiresInSeconds = limits.link.visitorUrlSeconds;
  const sign = async (key: string, contentType: string, downloadAs?: string) =>
    (await Storage.presignGet({ key, expiresInSeconds, contentType, downloadAs })).url;
  const derived = (kind: "thumbnail" | "preview") =>
    item.derivatives?.includes(kind)
      ? sign(ObjectKey.derived(item.ownerId, item.mediaId, kind), "image/webp")
      : undefined;
  const full = visitorOriginal(item);
  const [thumbnail, preview, original, download] = await Promise.all([
    derived("thumbnail"),
    derived("preview"),
    full ? sign(full, item.contentType) : undefined,
    full && allowDownload ? sign(full, item.contentType, item.filename) : undefined,
  ]);
  return {
    ...(thumbnail ? { thumbnail } : {}),
    ...(preview ? { preview } : {}),
    ...(original ? { original } : {}),
    ...(download ? { download } : {}),
  };
}

/** What a link visitor sees of an item: no owner, no location, short-lived URLs. */
export async function toVisitorMedia(
  item: MediaItem,
  allowDownload: boolean,
): Promise<VisitorMedia> {
  return {
    id: item.mediaId,
    filename: item.filename,
    title: item.title,
    description: item.description,
    contentType: item.contentType,
    ...(item.width !== undefined ? { width: item.width } : {}),
    ...(item.height !== undefined ? { height: item.height } : {}),
    ...(item.durationSeconds !== undefined ? { durationSeconds: item.durationSeconds } : {}),
    status: item.status,
    ...(item.placeholder ? { placeholder: item.placeholder } : {}),
    ...(item.status === "ready" ? { urls: await visitorUrls(item, allowDownload) } : {}),
  };
}
