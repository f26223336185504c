import { Account } from "@sharespace/core/account";
import { Issuer } from "@sharespace/core/auth";
import { SessionCookie } from "@sharespace/core/schema";
import { Session } from "@sharespace/core/session";
import { api } from "./http/api";
import { json, noContent } from "./http/response";

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

export const handler = api("Auth", {
  "GET /api/.well-known/openid-configuration": async () =>
    json(200, Issuer.discovery(), { headers: publicCache }),
  "GET /api/.well-known/jwks.json": async () =>
    json(200, await Issuer.jwks(), { headers: publicCache }),
  "POST /api/auth/signup": async ({ body }) => signedIn(201, await Account.create(body)),
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
});
