import { Account } from "@sharespace/core/account";
import type { Verified } from "@sharespace/core/account/recovery";
import { Issuer } from "@sharespace/core/auth";
import { AppError } from "@sharespace/core/error";
import { limits } from "@sharespace/core/limits";
import { SessionCookie } from "@sharespace/core/schema";
import { Session } from "@sharespace/core/session";
import { notifyPending as notifyShared } from "@sharespace/core/share/notice";
import { api } from "./http/api";
import { json, noContent } from "./http/response";
import { logger } from "./logger";

const attributes = (maxAge: number) => [
  "SameSite=Strict",
  `Max-Age=${maxAge}`,
  ...(Issuer.isSecure() ? ["Secure"] : []),
];
/**
 * The refresh cookie (readable only by the server, sent only to the auth routes) and the
 * hint cookie beside it (no secret; lets the web app skip restoring a session that
 * cannot exist). Both live and die together.
 */
const sessionCookies = (refreshToken: string, maxAge: number) => [
  [
    `${SessionCookie.refresh}=${refreshToken}`,
    "HttpOnly",
    "Path=/api/auth",
    ...attributes(maxAge),
  ].join("; "),
  [`${SessionCookie.hint}=${maxAge > 0 ? "1" : ""}`, "Path=/", ...attributes(maxAge)].join("; "),
];

/** The discovery document and keys change only with a deploy or rotation: let caches help. */
const publicCache = { "cache-control": "public, max-age=300" };

async function signedIn<const S extends number>(status: S, user: Account.Info) {
  const session = await Session.start(user.id);
  const token = await Issuer.signAccessToken(user.id);
  return json(
    status,
    { user, ...token },
    { cookies: sessionCookies(session.refreshToken, session.maxAge) },
  );
}

const accepted = () => ({ status: 202 as const });

/**
 * Sends an email the person asked for without failing their request when SES does: it is
 * logged (never the message: its link is a secret) and they can ask again. Typed errors (a
 * throttle's 429) still answer.
 */
async function mailing(what: string, send: () => Promise<void>) {
  try {
    await send();
  } catch (error) {
    if (error instanceof AppError) throw error;
    logger.error(`${what} not sent`, { error });
  }
}

/** Once an email is verified, one email naming what was shared with it while pending. */
const notifyPending = async ({ newlyVerified }: Verified) => {
  if (newlyVerified) {
    await mailing("Share notification", async () => void (await notifyShared(newlyVerified)));
  }
};

/** Waits until `ms` after `since` (real time, not core's clock: this is about the answer's timing). */
const until = (since: number, ms: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, since + ms - performance.now())));

export const handler = api("Auth", {
  "GET /api/.well-known/openid-configuration": async () =>
    json(200, Issuer.discovery(), { headers: publicCache }),
  "GET /api/.well-known/jwks.json": async () =>
    json(200, await Issuer.jwks(), { headers: publicCache }),
  "POST /api/auth/signup": async ({ body }) => {
    const user = await Account.create(body);
    await mailing("Verification email", () => Account.sendVerificationEmail(user.id));
    return signedIn(201, user);
  },
  "POST /api/auth/login": async ({ body }) => signedIn(200, await Account.authenticate(body)),
  "POST /api/auth/refresh": async ({ cookies }) => {
    const session = await Session.refresh(cookies[SessionCookie.refresh]);
    const token = await Issuer.signAccessToken(session.userId);
    return json(200, token, { cookies: sessionCookies(session.refreshToken, session.maxAge) });
  },
  "POST /api/auth/logout": async ({ cookies }) => {
    await Session.end(cookies[SessionCookie.refresh]);
    return noContent({ cookies: sessionCookies("", 0) });
  },
  "POST /api/auth/verify": async ({ body }) => {
    await notifyPending(await Account.verifyEmail(body.token));
    return noContent();
  },
  "POST /api/auth/verify/resend": async () => {
    await mailing("Verification email", Account.resendVerification);
    return accepted();
  },
  // The same answer in the same time whether or not the email has an account: the work for
  // one that has (a token written, an email sent) fits in the floor.
  "POST /api/auth/password/forgot": async ({ body }) => {
    const started = performance.now();
    await mailing("Password reset email", () => Account.forgotPassword(body));
    await until(started, limits.mail.forgotAnswerMs);
    return accepted();
  },
  "POST /api/auth/password/reset": async ({ body }) => {
    // A reset link reached the mailbox too: it verifies the email.
    await notifyPending(await Account.resetPassword(body));
    return noContent();
  },
});
