import {
  type CreateLinkBody,
  type LinkInfo,
  LinkList,
  LinkPage,
  LinkVisit,
  OneLink,
  OneShare,
  SharedPage,
  type ShareInfo,
  ShareList,
  type UpdateLinkBody,
} from "@sharespace/core/schema";
import type { Http } from "./http";
import type { Session } from "./session";

/** A page of a list: where it starts. */
export interface PageQuery {
  /** 1–100 (the API's default: 30). */
  limit?: number;
  /** From the previous page's `nextCursor`. */
  cursor?: string;
}

/** Sharing with people and by link, as the item's owner (and its recipients) use it. */
export interface SharingApi {
  /** `GET /api/media/{id}/shares`: the people an item is shared with (owner only). */
  shares(mediaId: string, signal?: AbortSignal): Promise<ShareInfo[]>;
  /**
   * `POST /api/media/{id}/shares`: idempotent. Throws `user_not_found` (404) for an email
   * with no account, and `invalid_request` (400) for the caller's own email.
   */
  share(mediaId: string, email: string): Promise<ShareInfo>;
  /** `DELETE /api/media/{id}/shares/{userId}`: that person no longer sees it. */
  unshare(mediaId: string, userId: string): Promise<void>;
  /** `GET /api/shared`: what other people shared with me, newest share first. */
  sharedWithMe(query?: PageQuery, signal?: AbortSignal): Promise<SharedPage>;
  /** `GET /api/media/{id}/links`: an item's links with their views and state. */
  links(mediaId: string, signal?: AbortSignal): Promise<LinkInfo[]>;
  /** `GET /api/links`: all my links, across items. */
  myLinks(query?: PageQuery, signal?: AbortSignal): Promise<LinkPage>;
  /** `POST /api/media/{id}/links`. Throws `slug_taken` (409) for a custom name in use. */
  createLink(mediaId: string, body: CreateLinkBody): Promise<LinkInfo>;
  /** `PATCH /api/media/{id}/links/{token}`: takes effect at once (`null` removes a control). */
  updateLink(mediaId: string, token: string, body: UpdateLinkBody): Promise<LinkInfo>;
  /** `DELETE /api/media/{id}/links/{token}`: the link stops working at once. */
  revokeLink(mediaId: string, token: string): Promise<void>;
}

/** What opening a link takes besides its token or slug. */
export interface OpenLinkOptions {
  /** Sent as `x-link-password` when the link has one. */
  password?: string;
  /** From an earlier answer: renews the media URLs without counting another view. */
  visit?: string;
  signal?: AbortSignal;
}

/** A link as anyone holding it opens it, signed in or not. */
export interface LinksApi {
  /**
   * `GET /api/links/{tokenOrSlug}`: counts a view (unless `visit` is given). Throws
   * `not_found` (unknown or revoked), `link_expired`, `link_exhausted`, `password_required`,
   * `invalid_password` and `rate_limited` (with `retryAfterSeconds`).
   */
  open(tokenOrSlug: string, options?: OpenLinkOptions): Promise<LinkVisit>;
}

const media = (id: string) => `/api/media/${encodeURIComponent(id)}`;
const search = (query: PageQuery) => {
  const params = new URLSearchParams();
  if (query.limit !== undefined) params.set("limit", String(query.limit));
  if (query.cursor) params.set("cursor", query.cursor);
  return params.size ? `?${params}` : "";
};

export function createSharingApi(session: Pick<Session, "authed">): SharingApi {
  const { authed } = session;
  return {
    async shares(mediaId, signal) {
      return (await authed(`${media(mediaId)}/shares`, { schema: ShareList, signal })).shares;
    },
    async share(mediaId, email) {
      const body = { email };
      return (await authed(`${media(mediaId)}/shares`, { method: "POST", body, schema: OneShare }))
        .share;
    },
    unshare: (mediaId, userId) =>
      authed(`${media(mediaId)}/shares/${encodeURIComponent(userId)}`, { method: "DELETE" }),
    sharedWithMe: (query = {}, signal) =>
      authed(`/api/shared${search(query)}`, { schema: SharedPage, signal }),
    async links(mediaId, signal) {
      return (await authed(`${media(mediaId)}/links`, { schema: LinkList, signal })).links;
    },
    myLinks: (query = {}, signal) =>
      authed(`/api/links${search(query)}`, { schema: LinkPage, signal }),
    async createLink(mediaId, body) {
      return (await authed(`${media(mediaId)}/links`, { method: "POST", body, schema: OneLink }))
        .link;
    },
    async updateLink(mediaId, token, body) {
      const path = `${media(mediaId)}/links/${encodeURIComponent(token)}`;
      return (await authed(path, { method: "PATCH", body, schema: OneLink })).link;
    },
    revokeLink: (mediaId, token) =>
      authed(`${media(mediaId)}/links/${encodeURIComponent(token)}`, { method: "DELETE" }),
  };
}

/** Public: no access token is sent, so the page works the same signed in or not. */
export function createLinksApi(request: Http): LinksApi {
  return {
    open(tokenOrSlug, { password, visit, signal } = {}) {
      const headers: Record<string, string> = {};
      if (password !== undefined) headers["x-link-password"] = password;
      if (visit) headers["x-link-visit"] = visit;
      return request(`/api/links/${encodeURIComponent(tokenOrSlug)}`, {
        headers,
        signal,
        schema: LinkVisit,
      });
    },
  };
}
