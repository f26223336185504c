import { limits } from "@sharespace/core/limits";
import { clock } from "@sharespace/core/time";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../../local/test/stack";

/*
 * Email verification and password reset through the API, with the mail the handlers sent
 * read back from the local mail catcher.
 */

let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack();
});
afterAll(() => stack?.close());

const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});

let n = 0;
const password = "violet-harbour-42";
async function newAccount() {
  const email = `recovery.${Date.now()}.${n++}@example.com`;
  const res = await stack.request("POST", "/api/auth/signup", {
    body: { email, password, name: "Ada <b>Lovelace</b>" },
  });
  expect(res.status).toBe(201);
  return {
    email,
    id: res.json.user.id as string,
    accessToken: res.json.accessToken as string,
    refresh: res.cookies.ss_refresh ?? "",
  };
}

/** The tokens of the links to `page` mailed to `email`, newest first. */
function tokens(email: string, page: "/verify" | "/reset-password") {
  return stack.mail
    .messages(email)
    .flatMap((message) => message.links.map((link) => new URL(link)))
    .filter((url) => url.pathname === page)
    .map((url) => url.searchParams.get("token") ?? "")
    .filter((token, i, all) => all.indexOf(token) === i);
}
const me = async (token: string) => (await stack.request("GET", "/api/me", { token })).json;
const verify = (token: string) => stack.request("POST", "/api/auth/verify", { body: { token } });
const forgot = (email: string, from?: string) =>
  stack.request("POST", "/api/auth/password/forgot", { body: { email }, from });
const reset = (token: string, newPassword: string) =>
  stack.request("POST", "/api/auth/password/reset", { body: { token, password: newPassword } });

describe("email verification", () => {
  it("sign-up mails a link to the web app; opening it verifies the email, once", async () => {
    const account = await newAccount();
    expect((await me(account.accessToken)).emailVerified).toBe(false);
    const [message] = stack.mail.messages(account.email);
    expect(message?.subject).toBe("Verify your email for ShareSpace");
    // The name is escaped in the HTML body.
    expect(message?.html).toContain("Ada &lt;b&gt;Lovelace&lt;/b&gt;");
    expect(message?.html).not.toContain("<b>Lovelace");
    const link = new URL(message?.links[0] ?? "");
    expect(link.origin).toBe(stack.url);
    expect(link.pathname).toBe("/verify");
    const token = link.searchParams.get("token") ?? "";
    // 256 bits, base64url.
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const res = await verify(token);
    expect(res.status).toBe(204);
    expect((await me(account.accessToken)).emailVerified).toBe(true);
    const replay = await verify(token);
    expect(replay.status).toBe(400);
    expect(replay.json.error.code).toBe("invalid_token");
  });

  it("lets exactly one of parallel uses of a link through", async () => {
    const account = await newAccount();
    const [token = ""] = tokens(account.email, "/verify");
    const results = await Promise.all(Array.from({ length: 5 }, () => verify(token)));
    expect(results.map((r) => r.status).sort()).toEqual([204, 400, 400, 400, 400]);
  });

  it("refuses a link after 24 hours, by core's clock", async () => {
    const account = await newAccount();
    const [token = ""] = tokens(account.email, "/verify");
    const now = realNow();
    clock.now = () => now + limits.emailVerificationSeconds * 1000 + 1000;
    const res = await verify(token);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_token");
    clock.now = realNow;
    expect((await me(account.accessToken)).emailVerified).toBe(false);
  });

  it.each([
    ["an unknown token", { token: "A".repeat(43) }, "invalid_token"],
    ["a token with characters no link has", { token: "../../etc" }, "invalid_request"],
    ["no token", {}, "invalid_request"],
  ])("answers 400 to %s", async (_label, body, code) => {
    const res = await stack.request("POST", "/api/auth/verify", { body });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe(code);
  });

  it("does not take a reset link's token", async () => {
    const account = await newAccount();
    expect((await forgot(account.email)).status).toBe(202);
    const [resetToken = ""] = tokens(account.email, "/reset-password");
    expect((await verify(resetToken)).status).toBe(400);
    // Still good for what it is for.
    expect((await reset(resetToken, "another-harbour-43")).status).toBe(204);
  });
});

describe("POST /api/auth/verify/resend", () => {
  it("answers 401 to anonymous callers, before the function runs", async () => {
    const res = await stack.request("POST", "/api/auth/verify/resend");
    expect(res.status).toBe(401);
  });

  it("mails a new link to the signed-in user, three times per window, then 429", async () => {
    const account = await newAccount();
    const length = limits.mail.windowSeconds * 1000;
    const start = Math.floor(realNow() / length) * length + 1000;
    clock.now = () => start;
    for (let i = 0; i < 3; i++) {
      const res = await stack.request("POST", "/api/auth/verify/resend", {
        token: account.accessToken,
      });
      expect(res.status).toBe(202);
    }
    expect(tokens(account.email, "/verify")).toHaveLength(4);
    const limited = await stack.request("POST", "/api/auth/verify/resend", {
      token: account.accessToken,
    });
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe("rate_limited");
    expect(limited.headers["retry-after"]).toBe(String(length / 1000 - 1));
    // Every link sent works (the newest one here).
    const [newest = ""] = tokens(account.email, "/verify");
    clock.now = realNow;
    expect((await verify(newest)).status).toBe(204);
  });

  it("sends nothing once the email is verified", async () => {
    const account = await newAccount();
    const [token = ""] = tokens(account.email, "/verify");
    expect((await verify(token)).status).toBe(204);
    const res = await stack.request("POST", "/api/auth/verify/resend", {
      token: account.accessToken,
    });
    expect(res.status).toBe(202);
    expect(tokens(account.email, "/verify")).toHaveLength(1);
  });
});

describe("password reset", () => {
  it("answers the same 202 for an unknown email, and mails nothing", async () => {
    const account = await newAccount();
    const ghost = `ghost.${Date.now()}@example.com`;
    const [known, unknown] = await Promise.all([forgot(account.email), forgot(ghost)]);
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(known.text).toBe(unknown.text);
    expect(tokens(account.email, "/reset-password")).toHaveLength(1);
    expect(stack.mail.messages(ghost)).toEqual([]);
  });

  it("sets the new password and ends every session; the link works once", async () => {
    const account = await newAccount();
    const other = await stack.request("POST", "/api/auth/login", {
      body: { email: account.email, password },
    });
    expect((await forgot(account.email)).status).toBe(202);
    const [token = ""] = tokens(account.email, "/reset-password");
    const [message] = stack.mail.messages(account.email);
    expect(message?.subject).toBe("Reset your ShareSpace password");

    expect((await reset(token, "another-harbour-43")).status).toBe(204);
    for (const cookie of [account.refresh, other.cookies.ss_refresh ?? ""]) {
      const refresh = await stack.request("POST", "/api/auth/refresh", {
        cookies: { ss_refresh: cookie },
      });
      expect(refresh.status).toBe(401);
    }
    const old = await stack.request("POST", "/api/auth/login", {
      body: { email: account.email, password },
    });
    expect(old.status).toBe(401);
    const signedIn = await stack.request("POST", "/api/auth/login", {
      body: { email: account.email, password: "another-harbour-43" },
    });
    expect(signedIn.status).toBe(200);
    // The link reached the owner's mailbox: the email is verified too.
    expect(signedIn.json.user.emailVerified).toBe(true);

    const replay = await reset(token, "third-harbour-44");
    expect(replay.status).toBe(400);
    expect(replay.json.error.code).toBe("invalid_token");
  }, 60_000);

  it("refuses a link after 30 minutes", async () => {
    const account = await newAccount();
    expect((await forgot(account.email)).status).toBe(202);
    const [token = ""] = tokens(account.email, "/reset-password");
    const now = realNow();
    clock.now = () => now + limits.passwordResetSeconds * 1000 + 1000;
    const res = await reset(token, "another-harbour-43");
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_token");
  });

  it("refuses a link issued before the last reset", async () => {
    const account = await newAccount();
    expect((await forgot(account.email)).status).toBe(202);
    expect((await forgot(account.email)).status).toBe(202);
    const [newest = "", older = ""] = tokens(account.email, "/reset-password");
    expect((await reset(newest, "another-harbour-43")).status).toBe(204);
    expect((await reset(older, "third-harbour-44")).status).toBe(400);
  }, 60_000);

  it.each([
    ["the account's email", (email: string) => email.toUpperCase()],
    ["a common password", () => "Password123"],
    ["one character repeated", () => "aaaaaaaaaa"],
    ["a short one", () => "short"],
  ])(
    "refuses %s with 400, and the link still works",
    async (_label, choose) => {
      const account = await newAccount();
      expect((await forgot(account.email)).status).toBe(202);
      const [token = ""] = tokens(account.email, "/reset-password");
      const res = await reset(token, choose(account.email));
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("invalid_request");
      expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain("password");
      expect((await reset(token, "another-harbour-43")).status).toBe(204);
    },
    60_000,
  );

  it("answers 400 invalid_token to an unknown token", async () => {
    const res = await reset("B".repeat(43), "another-harbour-43");
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_token");
  });

  it("throttles requests per email and address (429), while the owner's address still works", async () => {
    const account = await newAccount();
    const length = limits.mail.windowSeconds * 1000;
    const start = Math.floor(realNow() / length) * length + 1000;
    clock.now = () => start;
    for (let i = 0; i < limits.mail.resetPerEmailAndAddress; i++) {
      expect((await forgot(account.email, "127.0.0.2")).status).toBe(202);
    }
    const limited = await forgot(account.email, "127.0.0.2");
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe("rate_limited");
    expect(limited.headers["retry-after"]).toBe(String(length / 1000 - 1));
    // The same for an email without an account: the answer tells nothing.
    const ghost = `ghost.${Date.now()}@example.com`;
    for (let i = 0; i < limits.mail.resetPerEmailAndAddress; i++) {
      expect((await forgot(ghost, "127.0.0.2")).status).toBe(202);
    }
    expect((await forgot(ghost, "127.0.0.2")).status).toBe(429);
    expect((await forgot(account.email, "127.0.0.1")).status).toBe(202);
  }, 60_000);
});
