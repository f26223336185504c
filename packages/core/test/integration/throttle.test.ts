import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { Account } from "../../src/account";
import { hashPassword, kdf } from "../../src/account/password";
import { Actor } from "../../src/actor";
import { db } from "../../src/db";
import { AppError } from "../../src/error";
import { createId } from "../../src/id";
import { limits } from "../../src/limits";
import { Throttle } from "../../src/throttle";
import { clock } from "../../src/time";
import { useCoreTestEnv } from "./harness";

beforeAll(async () => {
  // DynamoDB Local on a loaded machine answers a burst of 100 writes to one item in
  // seconds (DynamoDB at once): a longer per-attempt timeout for this file only.
  await useCoreTestEnv({ SHARESPACE_DYNAMODB_TIMEOUT_MS: "20000" });
});

const realNow = clock.now;
const realVerify = kdf.verify;
afterEach(() => {
  clock.now = realNow;
  kdf.verify = realVerify;
});

const password = "violet-harbour-42";
let n = 0;
/**
 * An account whose hash is cheap to check (scrypt N = 2^10): the throttle must hold
 * whatever the derivation costs, and a hundred full-cost checks would only slow the test.
 */
async function cheapAccount() {
  const email = `throttle.${Date.now()}.${n++}@example.com`;
  const userId = createId("usr");
  const now = new Date(clock.now()).toISOString();
  const passwordHash = await hashPassword(password, { N: 1024, r: 8, p: 1, keylen: 32 });
  await db()
    .transaction.write(({ user, email: emails }) => [
      user
        .create({ userId, email, name: "T", passwordHash, createdAt: now, updatedAt: now })
        .commit(),
      emails.create({ email, userId }).commit(),
    ])
    .go();
  return email;
}

/** Counts the password checks sign-in makes. */
function countChecks() {
  const counter = { checks: 0 };
  kdf.verify = async (...args) => {
    counter.checks++;
    return realVerify(...args);
  };
  return counter;
}

const from = <T>(address: string, fn: () => Promise<T>) =>
  Actor.provide({ type: "public", address }, fn);
const signIn = (email: string, address: string, pass = "not-the-password") =>
  from(address, () => Account.authenticate({ email, password: pass }));
const codeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );
/** Freezes core's clock in the middle of a window, so no test straddles two. */
function freeze() {
  const length = limits.login.windowSeconds * 1000;
  const start = Math.floor(realNow() / length) * length + length / 2;
  clock.now = () => start;
  return start;
}

describe("sign-in throttle", () => {
  it("checks at most 10 of 100 parallel wrong passwords for one email and address", async () => {
    freeze();
    const email = await cheapAccount();
    const counter = countChecks();
    const codes = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        codeOf(signIn(email, "198.51.100.7", `wrong-${i}-pass`)),
      ),
    );
    const tally = (code: string) => codes.filter((c) => c === code).length;
    // The figure for the record: how many of the hundred were checked.
    console.info(`burst of 100: ${counter.checks} checked, ${tally("rate_limited")} refused`);
    expect(counter.checks).toBeLessThanOrEqual(10);
    expect(tally("invalid_credentials")).toBe(counter.checks);
    // Everything else refused before any check.
    expect(tally("rate_limited")).toBe(100 - counter.checks);
    expect(counter.checks).toBeGreaterThan(0);
  }, 120_000);

  it("keeps the owner's address open while another address is throttled, and says when to retry", async () => {
    const start = freeze();
    const email = await cheapAccount();
    for (let i = 0; i < 10; i++) {
      expect(await codeOf(signIn(email, "203.0.113.9"))).toBe("invalid_credentials");
    }
    clock.now = () => start + 60_000;
    const refused = await signIn(email, "203.0.113.9", password).catch((e: AppError) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("rate_limited");
    const window = limits.login.windowSeconds * 1000;
    const end = Math.floor(start / window) * window + window;
    expect((refused as AppError).extra.retryAfterSeconds).toBe(
      Math.ceil((end - start - 60_000) / 1000),
    );
    expect((await signIn(email, "192.0.2.1", password)).email).toBe(email);
    // The next window opens the attacker's address again.
    clock.now = () => end + 1000;
    expect(await codeOf(signIn(email, "203.0.113.9"))).toBe("invalid_credentials");
  }, 120_000);

  it("refuses an email everywhere once 100 failures came from many addresses", async () => {
    freeze();
    const email = await cheapAccount();
    for (let a = 0; a < 10; a++) {
      const results = await Promise.all(
        Array.from({ length: 10 }, () => codeOf(signIn(email, `203.0.113.${a + 10}`))),
      );
      expect(results.filter((r) => r === "invalid_credentials")).toHaveLength(10);
    }
    expect(await codeOf(signIn(email, "192.0.2.55", password))).toBe("rate_limited");
    // What that refusal reserved was given back: the owner's address still has its ten.
    const rule = {
      scope: "login:email+address",
      key: `${email}|192.0.2.55`,
      max: 10,
      windowSeconds: limits.login.windowSeconds,
    };
    expect(await Throttle.count(rule)).toBe(0);
  }, 120_000);

  it("refuses an address after 50 failures across emails (password spraying)", async () => {
    freeze();
    const emails = await Promise.all(Array.from({ length: 6 }, () => cheapAccount()));
    const address = "198.51.100.200";
    let failures = 0;
    for (const email of emails.slice(0, 5)) {
      const results = await Promise.all(
        Array.from({ length: 10 }, () => codeOf(signIn(email, address))),
      );
      failures += results.filter((r) => r === "invalid_credentials").length;
    }
    expect(failures).toBe(50);
    expect(await codeOf(signIn(emails[5] ?? "", address, password))).toBe("rate_limited");
    expect(await codeOf(signIn(emails[5] ?? "", "198.51.100.201", password))).toBe("ok");
  }, 120_000);

  it("gives a success's reservation back: only failures count", async () => {
    freeze();
    const email = await cheapAccount();
    for (let i = 0; i < 9; i++) await codeOf(signIn(email, "192.0.2.77"));
    for (let i = 0; i < 3; i++)
      expect(await codeOf(signIn(email, "192.0.2.77", password))).toBe("ok");
    expect(await codeOf(signIn(email, "192.0.2.77"))).toBe("invalid_credentials");
    expect(await codeOf(signIn(email, "192.0.2.77"))).toBe("rate_limited");
  }, 120_000);
});

describe("Throttle.addressKey", () => {
  it.each([
    ["198.51.100.7", "198.51.100.7"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:db8:1:2::ffff", "2001:db8:1:2::/64"],
    ["2001:0DB8:0001:0002:0:0:0:1", "2001:db8:1:2::/64"],
    ["::1", "0:0:0:0::/64"],
    ["::ffff:192.0.2.1", "192.0.2.1"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    [undefined, "unknown"],
    ["not an address", "unknown"],
  ])("counts %s as %s", (address, key) => {
    expect(Throttle.addressKey(address)).toBe(key);
  });
});
