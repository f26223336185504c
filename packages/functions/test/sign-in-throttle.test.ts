import { hashPassword, kdf } from "@sharespace/core/account/password";
import { db } from "@sharespace/core/db";
import { limits } from "@sharespace/core/limits";
import { clock } from "@sharespace/core/time";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../../local/test/stack";

/*
 * Sign-in under attack, through the API as deployed: a parallel burst, an attacker at
 * another address than the owner's, and cookie routes called from another site.
 */

let stack: TestStack;
beforeAll(async () => {
  // DynamoDB Local on a loaded machine answers a burst of 100 writes to one item in
  // seconds (DynamoDB at once): a longer per-attempt timeout for this file only.
  stack = await createTestStack({ handlerEnv: { SHARESPACE_DYNAMODB_TIMEOUT_MS: "20000" } });
});
afterAll(() => stack?.close());

const realNow = clock.now;
const realVerify = kdf.verify;
afterEach(() => {
  clock.now = realNow;
  kdf.verify = realVerify;
});

/** Freezes core's clock (the handlers run in this process) mid-window. */
function freeze() {
  const length = limits.login.windowSeconds * 1000;
  const start = Math.floor(realNow() / length) * length + length / 2;
  clock.now = () => start;
  return { start, end: start + length / 2 };
}

let n = 0;
/**
 * A fresh account. `cheap`: its hash is made cheap to check (scrypt N = 2^10), for tests
 * that check many passwords: the throttle must hold whatever a check costs, and a loaded
 * 2-core machine takes seconds per full-cost check.
 */
async function newAccount({ cheap = false } = {}) {
  const email = `throttle.${Date.now()}.${n++}@example.com`;
  const password = "violet-harbour-42";
  const res = await stack.request("POST", "/api/auth/signup", {
    body: { email, password, name: "Owner" },
  });
  expect(res.status).toBe(201);
  if (cheap) {
    await db()
      .entities.user.patch({ userId: res.json.user.id })
      .set({ passwordHash: await hashPassword(password, { N: 1024, r: 8, p: 1, keylen: 32 }) })
      .go();
  }
  return { email, password, refresh: res.cookies.ss_refresh ?? "" };
}
const login = (email: string, password: string, from?: string) =>
  stack.request("POST", "/api/auth/login", { body: { email, password }, from });

describe("POST /api/auth/login under attack", () => {
  it("checks at most 10 passwords of a burst of 100 parallel wrong ones", async () => {
    freeze();
    const { email } = await newAccount({ cheap: true });
    const counter = { checks: 0 };
    kdf.verify = async (...args) => {
      counter.checks++;
      return realVerify(...args);
    };
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => login(email, `wrong-${i}-password`)),
    );
    const count = (status: number) => results.filter((r) => r.status === status).length;
    console.info(`HTTP burst of 100: ${counter.checks} checked, ${count(429)} answered 429`);
    expect(counter.checks).toBeLessThanOrEqual(10);
    expect(counter.checks).toBeGreaterThan(0);
    expect(count(401)).toBe(counter.checks);
    expect(count(429)).toBe(100 - counter.checks);
    const limited = results.find((r) => r.status === 429);
    expect(limited?.json.error.code).toBe("rate_limited");
    expect(Number(limited?.headers["retry-after"])).toBeGreaterThan(0);
  }, 120_000);

  it("lets the owner sign in from their address while an attacker's address is throttled", async () => {
    const { end } = freeze();
    const owner = await newAccount({ cheap: true });
    for (let i = 0; i < 10; i++) {
      expect((await login(owner.email, `guess-${i}-password`, "127.0.0.2")).status).toBe(401);
    }
    const attacker = await login(owner.email, owner.password, "127.0.0.2");
    expect(attacker.status).toBe(429);
    expect(attacker.json.error.code).toBe("rate_limited");
    expect(attacker.headers["retry-after"]).toBe(String(Math.ceil((end - clock.now()) / 1000)));
    // X-Forwarded-For is the client's word: it does not move the attacker elsewhere.
    const disguised = await stack.request("POST", "/api/auth/login", {
      body: { email: owner.email, password: "guess-again-password" },
      from: "127.0.0.2",
      headers: { "x-forwarded-for": "198.51.100.1" },
    });
    expect(disguised.status).toBe(429);
    const home = await login(owner.email, owner.password, "127.0.0.1");
    expect(home.status).toBe(200);
    expect(home.json.user.email).toBe(owner.email);
  }, 120_000);
});

describe("cookie routes called from another site", () => {
  it("refuses a foreign Origin on refresh with 403, and the token still works after", async () => {
    const { refresh } = await newAccount();
    for (const origin of [
      "https://evil.example",
      "null",
      stack.url.replace("127.0.0.1", "localhost"),
    ]) {
      const res = await stack.request("POST", "/api/auth/refresh", {
        cookies: { ss_refresh: refresh },
        headers: { origin },
      });
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe("forbidden");
      expect(res.setCookies).toEqual([]);
    }
    const same = await stack.request("POST", "/api/auth/refresh", {
      cookies: { ss_refresh: refresh },
      headers: { origin: stack.url },
    });
    expect(same.status).toBe(200);
    const absent = await stack.request("POST", "/api/auth/refresh", {
      cookies: { ss_refresh: same.cookies.ss_refresh ?? "" },
    });
    expect(absent.status).toBe(200);
  });

  it("refuses a foreign Origin on logout with 403, and the session lives on", async () => {
    const { refresh } = await newAccount();
    const res = await stack.request("POST", "/api/auth/logout", {
      cookies: { ss_refresh: refresh },
      headers: { origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
    const after = await stack.request("POST", "/api/auth/refresh", {
      cookies: { ss_refresh: refresh },
    });
    expect(after.status).toBe(200);
    const out = await stack.request("POST", "/api/auth/logout", {
      cookies: { ss_refresh: after.cookies.ss_refresh ?? "" },
      headers: { origin: stack.url },
    });
    expect(out.status).toBe(204);
  });

  it("does not check Origin on other routes (sign-in from the app has no cookie to abuse)", async () => {
    const { email, password } = await newAccount();
    const res = await stack.request("POST", "/api/auth/login", {
      body: { email, password },
      headers: { origin: "https://elsewhere.example" },
    });
    expect(res.status).toBe(200);
  }, 60_000);
});
