import { Health, Me, type UpdateMeBody, User } from "@sharespace/core/schema";
import { createHttp, type Fetch } from "./http";
import { type Auth, type Clock, createSession, type SessionHint } from "./session";

/** The ShareSpace API as the web app sees it; every answer is parsed with core's schemas. */
export interface ApiClient {
  auth: Auth;
  /** `GET /api/health`: resolves when the API, table and bucket all answer. */
  health(): Promise<Health>;
  /** `GET /api/me`: the signed-in user with usage and quota. */
  me(): Promise<Me>;
  /** `PATCH /api/me`: changes the display name and updates the session's user. */
  updateMe(body: UpdateMeBody): Promise<User>;
}

export interface ClientOptions {
  fetch?: Fetch;
  clock?: Clock;
  locks?: Pick<LockManager, "request">;
  hint?: SessionHint;
}

export function createClient(options: ClientOptions = {}): ApiClient {
  // Looked up per call: `fetch` must be invoked unbound from `window`, and tests stub it.
  const request = createHttp(options.fetch ?? ((input, init) => globalThis.fetch(input, init)));
  const session = createSession({
    request,
    clock: options.clock,
    hint: options.hint,
    locks: options.locks ?? globalThis.navigator?.locks,
  });
  return {
    auth: session,
    health: () => request("/api/health", { schema: Health }),
    me: () => session.authed("/api/me", { schema: Me }),
    async updateMe(body) {
      const user = await session.authed("/api/me", { method: "PATCH", body, schema: User });
      session.setUser(user);
      return user;
    },
  };
}
