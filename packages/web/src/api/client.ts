import {
  type ForgotPasswordBody,
  Health,
  Me,
  type ResetPasswordBody,
  type UpdateMeBody,
  User,
} from "@sharespace/core/schema";
import { createHttp, type Fetch } from "./http";
import { lazyApi } from "./lazy";
import { createMediaApi, type MediaApi } from "./media";
import { type Auth, type Clock, createSession, type SessionHint, userOf } from "./session";
import type { LinksApi, SharingApi } from "./sharing";
import { createUploadsApi, type UploadsApi } from "./uploads";

/** The ShareSpace API as the web app sees it; every answer is parsed with core's schemas. */
export interface ApiClient {
  auth: Auth;
  /** The signed-in user's photos and videos. */
  media: MediaApi;
  /** `GET /api/health`: resolves when the API, table and bucket all answer. */
  health(): Promise<Health>;
  /** `GET /api/me`: the signed-in user with usage and quota. */
  me(): Promise<Me>;
  /** `PATCH /api/me`: changes the display name and updates the session's user. */
  updateMe(body: UpdateMeBody): Promise<User>;
  /**
   * `POST /api/auth/verify`: proves the email with the token from its link. Marks the
   * signed-in user (if any) verified. Throws `invalid_token` for an unknown, used or
   * expired link.
   */
  verifyEmail(token: string): Promise<void>;
  /** `POST /api/auth/verify/resend`: a new verification email (throttled: `rate_limited`). */
  resendVerification(): Promise<void>;
  /** `POST /api/auth/password/forgot`: the same answer whether or not the email has an account. */
  forgotPassword(body: ForgotPasswordBody): Promise<void>;
  /** `POST /api/auth/password/reset`: sets a new password and ends every session of the account. */
  resetPassword(body: ResetPasswordBody): Promise<void>;
  /** Starting, resuming, completing and aborting uploads (the uploader's calls). */
  uploads: UploadsApi;
  /** Sharing with people and by link (the owner's side, and "Shared with me"). */
  sharing: SharingApi;
  /** Opening a link, signed in or not. */
  links: LinksApi;
  /**
   * `DELETE /api/me`: the account and everything in it are removed, and every session of
   * it ends on the server. The caller then signs out here (after leaving protected pages).
   */
  deleteAccount(): Promise<void>;
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
    media: createMediaApi(session),
    uploads: createUploadsApi(session.authed),
    // Sharing's code and schemas load with the first call: sign-in and the gallery don't
    // carry them.
    sharing: lazyApi(async () => (await import("./sharing")).createSharingApi(session), {
      shares: true,
      share: true,
      unshare: true,
      sharedWithMe: true,
      links: true,
      myLinks: true,
      createLink: true,
      updateLink: true,
      revokeLink: true,
    }),
    links: lazyApi(async () => (await import("./sharing")).createLinksApi(request), {
      open: true,
    }),
    deleteAccount: () => session.authed("/api/me", { method: "DELETE" }),
    health: () => request("/api/health", { schema: Health }),
    me: () => session.authed("/api/me", { schema: Me }),
    async updateMe(body) {
      const user = await session.authed("/api/me", { method: "PATCH", body, schema: User });
      session.setUser(user);
      return user;
    },
    async verifyEmail(token) {
      await request("/api/auth/verify", { method: "POST", body: { token } });
      // The link may be opened in a browser signed in as someone else: only the answer
      // of /api/me says whose email this was.
      const { user } = session;
      if (user && !user.emailVerified) {
        const me = await session.authed("/api/me", { schema: Me }).catch(() => undefined);
        if (me) session.setUser(userOf(me));
      }
    },
    resendVerification: () => session.authed("/api/auth/verify/resend", { method: "POST" }),
    forgotPassword: (body) => request("/api/auth/password/forgot", { method: "POST", body }),
    async resetPassword(body) {
      await request("/api/auth/password/reset", { method: "POST", body });
      // The server ended every session of that account. If this browser was signed in to
      // it, a refresh now fails and ends the session here too (its access token would
      // work a few more minutes otherwise); signed in to another account, nothing changes.
      if (session.user) await session.refresh().catch(() => undefined);
    },
  };
}
