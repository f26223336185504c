import { Link } from "@sharespace/core/link";
import { Share } from "@sharespace/core/share";
import { api } from "./http/api";
import { htmlPage, json, noContent, redirect } from "./http/response";
import { appShell, linkPage } from "./link-page";
import { logger } from "./logger";

/** Sharing with people, links, and the link pages: each route parses, calls core, answers. */
export const handler = api("Share", {
  "POST /api/media/{id}/shares": async ({ params, body }) => {
    const { share, notify } = await Share.add(params.id, body);
    if (notify) {
      // The share is made: a notification that cannot be queued is logged, not an error.
      await notify().catch((error: unknown) => logger.error("Share notice not queued", { error }));
    }
    return json(201, { share });
  },
  "GET /api/media/{id}/shares": async ({ params }) => json(200, await Share.list(params.id)),
  "DELETE /api/media/{id}/shares/{userId}": async ({ params }) => {
    await Share.revoke(params.id, params.userId);
    return noContent();
  },
  "GET /api/shared": async ({ query }) => json(200, await Share.sharedWithMe(query)),
  "POST /api/media/{id}/links": async ({ params, body }) =>
    json(201, { link: await Link.create(params.id, body) }),
  "GET /api/media/{id}/links": async ({ params }) => json(200, await Link.list(params.id)),
  "PATCH /api/media/{id}/links/{token}": async ({ params, body }) =>
    json(200, { link: await Link.update(params.id, params.token, body) }),
  "DELETE /api/media/{id}/links/{token}": async ({ params }) => {
    await Link.revoke(params.id, params.token);
    return noContent();
  },
  "GET /api/links": async ({ query }) => json(200, await Link.mine(query)),
  "GET /api/links/{tokenOrSlug}": async ({ params, headers }) =>
    json(
      200,
      await Link.open(params.tokenOrSlug, {
        password: headers["x-link-password"],
        visit: headers["x-link-visit"],
      }),
    ),
  "GET /api/links/{tokenOrSlug}/card": async ({ params }) =>
    redirect(await Link.card(params.tokenOrSlug)),
  "GET /s/{tokenOrSlug}": async ({ params }) => {
    const site = Link.siteUrl();
    const [shell, preview] = await Promise.all([appShell(site), Link.preview(params.tokenOrSlug)]);
    const page = `${site}/s/${encodeURIComponent(params.tokenOrSlug)}`;
    const card = `${site}/api/links/${encodeURIComponent(preview.token ?? params.tokenOrSlug)}/card`;
    return htmlPage(200, linkPage(shell, preview, { page, card }));
  },
});
