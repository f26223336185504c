import { Media } from "@sharespace/core/media";
import { api } from "./http/api";
import { json, noContent } from "./http/response";

/** Uploads, the gallery, edits and deletes: each route parses, calls core and answers. */
export const handler = api("Media", {
  "POST /api/media": async ({ body }) => json(201, await Media.create(body)),
  "POST /api/media/{id}/upload/parts": async ({ params, body }) =>
    json(200, await Media.signParts(params.id, body.partNumbers)),
  "GET /api/media/{id}/upload/parts": async ({ params }) =>
    json(200, await Media.listParts(params.id)),
  "POST /api/media/{id}/upload/complete": async ({ params, body }) =>
    json(200, { media: await Media.complete(params.id, body) }),
  "DELETE /api/media/{id}/upload": async ({ params }) => {
    await Media.abort(params.id);
    return noContent();
  },
  "POST /api/media/{id}/poster": async ({ params, body }) =>
    json(201, await Media.posterUpload(params.id, body)),
  "GET /api/media": async ({ query }) => json(200, await Media.list(query)),
  "GET /api/media/timeline": async () => json(200, await Media.timeline()),
  "GET /api/media/{id}": async ({ params }) => json(200, { media: await Media.get(params.id) }),
  "PATCH /api/media/{id}": async ({ params, body }) =>
    json(200, { media: await Media.update(params.id, body) }),
  "DELETE /api/media/{id}": async ({ params }) => {
    await Media.remove(params.id);
    return noContent();
  },
  "POST /api/media/delete": async ({ body }) => json(200, await Media.removeMany(body.ids)),
});
