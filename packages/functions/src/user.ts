import { Account } from "@sharespace/core/account";
import { deleteAccount } from "@sharespace/core/account/deletion";
import { Actor } from "@sharespace/core/actor";
import { checkHealth } from "@sharespace/core/health";
import { api } from "./http/api";
import { json, noContent } from "./http/response";

export const handler = api("User", {
  "GET /api/health": async () => json(200, await checkHealth()),
  // Loaded on first use: the generator (and @valibot/to-json-schema) stays out of every
  // other route's cold start.
  "GET /api/openapi.json": async () => {
    const { openapi } = await import("./openapi");
    return json(200, openapi(), { headers: { "cache-control": "public, max-age=300" } });
  },
  "GET /api/me": async () => {
    const userId = Actor.userId();
    const [user, usage] = await Promise.all([Account.get(userId), Account.usage(userId)]);
    return json(200, { ...user, ...usage });
  },
  "PATCH /api/me": async ({ body }) => json(200, await Account.update(Actor.userId(), body)),
  "DELETE /api/me": async () => {
    await deleteAccount(Actor.userId());
    return noContent();
  },
});
