import {
  CreateLinkBody,
  LinkList,
  LinkPage,
  LinkParams,
  LinkVisit,
  ListLinksQuery,
  ListSharedQuery,
  MediaParams,
  OneLink,
  OneShare,
  PublicLinkParams,
  ShareBody,
  SharedPage,
  ShareList,
  ShareParams,
  UpdateLinkBody,
} from "@sharespace/core/schema";
import type { Route } from "./route";

/**
 * Sharing with people (the owner's routes; a user an item is shared with gets 403, anyone
 * else 404), what was shared with the caller, and links: the owner's routes, the public
 * `GET /api/links/…` a visitor opens, and the `/s/…` page that previews in chats.
 */
export const shareRoutes = [
  {
    method: "POST",
    path: "/api/media/{id}/shares",
    function: "Share",
    auth: "jwt",
    summary:
      "Share an item with an account by email. Idempotent; pending until the recipient verifies their email.",
    params: MediaParams,
    body: ShareBody,
    response: { status: 201, body: OneShare },
    // 400 sharing with yourself, 404 user_not_found.
    errors: [403],
  },
  {
    method: "GET",
    path: "/api/media/{id}/shares",
    function: "Share",
    auth: "jwt",
    summary: "Who an item is shared with (owner only).",
    params: MediaParams,
    response: { status: 200, body: ShareList },
    errors: [403],
  },
  {
    method: "DELETE",
    path: "/api/media/{id}/shares/{userId}",
    function: "Share",
    auth: "jwt",
    summary: "Stop sharing an item with one person (owner only); they get 404 from then on.",
    params: ShareParams,
    response: { status: 204 },
    errors: [403],
  },
  {
    method: "GET",
    path: "/api/shared",
    function: "Share",
    auth: "jwt",
    summary: "Media shared with the caller, newest share first, each with who shared it.",
    query: ListSharedQuery,
    response: { status: 200, body: SharedPage },
  },
  {
    method: "POST",
    path: "/api/media/{id}/links",
    function: "Share",
    auth: "jwt",
    summary:
      "Create a link to an item (owner only), with any of: expiry, password, download switch, view cap, custom slug.",
    params: MediaParams,
    body: CreateLinkBody,
    response: { status: 201, body: OneLink },
    errors: [403, 409],
  },
  {
    method: "GET",
    path: "/api/media/{id}/links",
    function: "Share",
    auth: "jwt",
    summary: "The links of an item (owner only), with their views and state.",
    params: MediaParams,
    response: { status: 200, body: LinkList },
    errors: [403],
  },
  {
    method: "PATCH",
    path: "/api/media/{id}/links/{token}",
    function: "Share",
    auth: "jwt",
    summary: "Change a link's policy (owner only); null removes a control. Applies at once.",
    params: LinkParams,
    body: UpdateLinkBody,
    response: { status: 200, body: OneLink },
    errors: [403, 409],
  },
  {
    method: "DELETE",
    path: "/api/media/{id}/links/{token}",
    function: "Share",
    auth: "jwt",
    summary: "Revoke a link (owner only): it stops working at once.",
    params: LinkParams,
    response: { status: 204 },
    errors: [403],
  },
  {
    method: "GET",
    path: "/api/links",
    function: "Share",
    auth: "jwt",
    summary: "The caller's links across their items, newest first, with views and state.",
    query: ListLinksQuery,
    response: { status: 200, body: LinkPage },
  },
  {
    method: "GET",
    path: "/api/links/{tokenOrSlug}",
    function: "Share",
    auth: "public",
    summary:
      "Open a link: the item with presigned URLs valid 10 minutes. Password in x-link-password; x-link-visit renews without counting a view.",
    params: PublicLinkParams,
    response: { status: 200, body: LinkVisit },
    // 401 password_required / invalid_password, 410 link_expired / link_exhausted, 429.
    errors: [401, 410, 429],
  },
  {
    method: "GET",
    path: "/api/links/{tokenOrSlug}/card",
    function: "Share",
    auth: "public",
    summary:
      "Redirect to a short-lived WebP preview of a link without a password (its Open Graph image).",
    params: PublicLinkParams,
    response: { status: 302 },
  },
  {
    method: "GET",
    path: "/s/{tokenOrSlug}",
    function: "Share",
    auth: "public",
    summary:
      "The page of a link: the web app's HTML with Open Graph and Twitter card tags and noindex.",
    params: PublicLinkParams,
    response: { status: 200, html: true },
  },
] as const satisfies readonly Route[];
