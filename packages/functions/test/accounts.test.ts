import { limits } from "@sharespace/core/limits";
import { clock } from "@sharespace/core/time";
import { createLocalJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { createTestStack, type TestStack } from "../../local/test/stack";

const realNow = clock.now;
let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack();
});
afterAll(() => stack?.close());

let counter = 0;
const uniqueEmail = (tag = "user") => `${tag}.${Date.now()}.${counter++}@example.com`;
const signup = (body: Record<string, unknown>) =>
  stack.request("POST", "/api/auth/signup", { body });
const newAccount = async (name = "Ada Lovelace") => {
  const email = uniqueEmail();
  const res = await signup({ email, password: "violet-harbour-42", name });
  expect(res.status).toBe(201);
  return { email, password: "violet-harbour-42", ...res.json, refresh: res.cookies.ss_refresh };
};

describe("POST /api/auth/signup", () => {
  it("creates the account, signs in and sets the refresh cookie", async () => {
    const email = uniqueEmail();
    const res = await signup({
      email: `  ${email.toUpperCase()} `,
      password: "violet-harbour-42",
      name: " Ada ",
    });
    expect(res.status).toBe(201);
    expect(res.json.user).toEqual({
      id: expect.stringMatching(/^usr_[0-9A-Z]{26}$/),
      email,
      name: "Ada",
      emailVerified: false,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(res.json.expiresIn).toBe(900);
    const setCookie = res.setCookies.find((c) => c.startsWith("ss_refresh="));
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\/api\/auth/);
    // Served over http locally: no Secure flag (it is set when the issuer is https).
    expect(setCookie).not.toMatch(/Secure/);
    expect(res.cookies.ss_refresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Beside it, a hint for the web app that holds no secret and reaches every page.
    const hint = res.setCookies.find((c) => c.startsWith("ss_session="));
    expect(hint).toMatch(/^ss_session=1; Path=\/; SameSite=Strict; Max-Age=2592000$/);
  });

  it("answers 409 email_taken for the same email in another case", async () => {
    const { email } = await newAccount();
    const res = await signup({
      email: email.toUpperCase(),
      password: "another-good-one",
      name: "Eve",
    });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("email_taken");
  });

  it("lets exactly one of two simultaneous sign-ups with one email win", async () => {
    const email = uniqueEmail("race");
    const results = await Promise.all(
      [0, 1, 2].map(() => signup({ email, password: "violet-harbour-42", name: "Racer" })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
  });

  it.each([
    ["a short password", { password: "short" }, "password"],
    ["a common password", { password: "Password123" }, "password"],
    ["a bad email", { email: "not-an-email" }, "email"],
    ["an empty name", { name: "  " }, "name"],
    ["a name too long", { name: "x".repeat(81) }, "name"],
    ["an unknown field", { role: "admin" }, "role"],
    ["a wrong type", { password: 12345678 }, "password"],
  ])("answers 400 to %s, naming the field", async (_label, patch, path) => {
    const res = await signup({
      email: uniqueEmail(),
      password: "violet-harbour-42",
      name: "Ada",
      ...patch,
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_request");
    expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it.each([
    ["malformed JSON", '{"email":', "application/json", 400, "invalid_request"],
    ["an empty body", "", "application/json", 400, "invalid_request"],
    ["JSON that is not an object", "[1,2]", "application/json", 400, "invalid_request"],
    [
      "a form body",
      "email=a%40b.co",
      "application/x-www-form-urlencoded",
      415,
      "unsupported_media_type",
    ],
    [
      "a body over 64 KiB",
      JSON.stringify({ name: "x".repeat(70_000) }),
      "application/json",
      413,
      "payload_too_large",
    ],
  ])("answers %s with the documented status", async (_label, raw, type, status, code) => {
    const res = await stack.request("POST", "/api/auth/signup", {
      raw,
      headers: { "content-type": type },
    });
    expect(res.status).toBe(status);
    expect(res.json.error.code).toBe(code);
    expect(res.text).not.toMatch(/at .*\.ts|Error:/);
  });
});

describe("POST /api/auth/login", () => {
  it("signs in with the right password, whatever the email's case", async () => {
    const account = await newAccount();
    const res = await stack.request("POST", "/api/auth/login", {
      body: { email: account.email.toUpperCase(), password: account.password },
    });
    expect(res.status).toBe(200);
    expect(res.json.user.id).toBe(account.user.id);
    expect(res.cookies.ss_refresh).toBeTruthy();
  });

  it("answers the same 401 for a wrong password and an unknown email", async () => {
    const account = await newAccount();
    const wrong = await stack.request("POST", "/api/auth/login", {
      body: { email: account.email, password: "not-the-password" },
    });
    const unknown = await stack.request("POST", "/api/auth/login", {
      body: { email: uniqueEmail("ghost"), password: "not-the-password" },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json).toEqual(unknown.json);
    expect(wrong.json.error.code).toBe("invalid_credentials");
  });

  it("answers 429 with retry-after after 10 failures for one email and address, even to the right password", async () => {
    const account = await newAccount();
    // Handlers run in this process: core's clock is the server's. Every failure happens at
    // one instant mid-window, and the check a minute later.
    const window = 15 * 60 * 1000;
    const start = Math.floor(clock.now() / window) * window + window / 2;
    clock.now = () => start;
    onTestFinished(() => {
      clock.now = realNow;
    });
    for (let i = 0; i < 10; i++) {
      const res = await stack.request("POST", "/api/auth/login", {
        body: { email: account.email, password: `wrong-${i}-password` },
      });
      expect(res.status).toBe(401);
    }
    clock.now = () => start + 60_000;
    const blocked = await stack.request("POST", "/api/auth/login", {
      body: { email: account.email, password: account.password },
    });
    expect(blocked.status).toBe(429);
    expect(blocked.json.error.code).toBe("rate_limited");
    // The window ends 7.5 minutes after the failures, 6.5 minutes after the check.
    expect(blocked.headers["retry-after"]).toBe(String(6.5 * 60));
    // Another email is not affected.
    const other = await newAccount();
    const ok = await stack.request("POST", "/api/auth/login", {
      body: { email: other.email, password: other.password },
    });
    expect(ok.status).toBe(200);
    // Twelve password derivations (128 MiB, ~0.3 s each on an idle core) in sequence.
  }, 90_000);

  it.each([
    ["a missing password", { email: "a@b.co" }],
    ["an unknown field", { email: "a@b.co", password: "x", remember: true }],
  ])("answers 400 to %s", async (_label, body) => {
    const res = await stack.request("POST", "/api/auth/login", { body });
    expect(res.status).toBe(400);
  });
});

describe("POST /api/auth/refresh and /api/auth/logout", () => {
  it("rotates the refresh token on every use", async () => {
    const account = await newAccount();
    const first = await stack.request("POST", "/api/auth/refresh", {
      cookies: { ss_refresh: account.refresh },
    });
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ accessToken: expect.any(String), expiresIn: 900 });
    expect(first.cookies.ss_refresh).toBeTruthy();
    expect(first.cookies.ss_refresh).not.toBe(account.refresh);
    const second = await stack.request("POST", "/api/auth/refresh", {
      cookies: { ss_refresh: first.cookies.ss_refresh ?? "" },
    });
    expect(second.status).toBe(200);
  });

  it("ends the whole session when a refresh token is used twice", async () => {
    const account = await newAccount();
    const rotated = await stack.request("POST", "/api/auth/refresh", {
      cookies: { ss_refresh: account.refresh },
    });
    expect(rotated.status).toBe(200);
    // Later than a retry of a lost answer may come (sessions.test.ts): a replay.
    const later = realNow() + limits.refreshRetrySeconds * 1000;
    clock.now = () => later;
    onTestFinished(() => {
      clock.now = realNow;
    });
    const replay = await stack.request("POST", "/api/auth/refresh", {
      cookies: { ss_refresh: account.refresh },
    });
    expect(replay.status).toBe(401);
    // The legitimate newest token dies with the session too.
    const after = await stack.request("POST", "/api/auth/refresh", {
      cookies: { ss_refresh: rotated.cookies.ss_refresh ?? "" },
    });
    expect(after.status).toBe(401);
    // Other sessions of the same person live on.
    const login = await stack.request("POST", "/api/auth/login", {
      body: { email: account.email, password: account.password },
    });
    const other = await stack.request("POST", "/api/auth/refresh", {
      cookies: { ss_refresh: login.cookies.ss_refresh ?? "" },
    });
    expect(other.status).toBe(200);
  });

  it.each([
    ["no cookie", {}],
    ["an unknown token", { ss_refresh: "A".repeat(43) }],
  ])("answers 401 to %s", async (_label, cookies) => {
    const res = await stack.request("POST", "/api/auth/refresh", { cookies });
    expect(res.status).toBe(401);
  });

  it("answers 401, not 500, to a cookie with a broken escape", async () => {
    const res = await stack.request("POST", "/api/auth/refresh", {
      headers: { cookie: "ss_refresh=%E0%A4%A" },
    });
    expect(res.status).toBe(401);
  });

  it("logout ends the session and clears the cookie", async () => {
    const account = await newAccount();
    const out = await stack.request("POST", "/api/auth/logout", {
      cookies: { ss_refresh: account.refresh },
    });
    expect(out.status).toBe(204);
    expect(out.setCookies.find((c) => c.startsWith("ss_refresh="))).toMatch(/Max-Age=0/);
    expect(out.setCookies.find((c) => c.startsWith("ss_session="))).toMatch(/Max-Age=0/);
    const res = await stack.request("POST", "/api/auth/refresh", {
      cookies: { ss_refresh: account.refresh },
    });
    expect(res.status).toBe(401);
  });

  it("logout twice, or after a replay ended the session, is harmless", async () => {
    const account = await newAccount();
    const cookies = { ss_refresh: account.refresh ?? "" };
    expect((await stack.request("POST", "/api/auth/logout", { cookies })).status).toBe(204);
    expect((await stack.request("POST", "/api/auth/logout", { cookies })).status).toBe(204);
  });

  it("logout without a cookie is harmless", async () => {
    expect((await stack.request("POST", "/api/auth/logout")).status).toBe(204);
  });
});

describe("the token issuer", () => {
  it("publishes discovery and a JWKS that verifies the tokens it issues", async () => {
    const discovery = await stack.request("GET", "/api/.well-known/openid-configuration");
    expect(discovery.status).toBe(200);
    expect(discovery.json).toMatchObject({
      issuer: stack.issuer,
      jwks_uri: `${stack.issuer}/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: ["RS256"],
    });
    expect(discovery.headers["cache-control"]).toMatch(/max-age=\d+/);
    const jwks = await stack.request("GET", "/api/.well-known/jwks.json");
    expect(jwks.json.keys[0]).toMatchObject({
      kty: "RSA",
      use: "sig",
      alg: "RS256",
      kid: expect.any(String),
    });
    expect(jwks.json.keys[0].d).toBeUndefined();

    const account = await newAccount();
    const { payload, protectedHeader } = await jwtVerify(
      account.accessToken,
      createLocalJWKSet(jwks.json),
      {
        issuer: stack.issuer,
        audience: stack.audience,
      },
    );
    expect(protectedHeader.alg).toBe("RS256");
    expect(payload.sub).toBe(account.user.id);
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBeLessThanOrEqual(15 * 60);
  });
});
