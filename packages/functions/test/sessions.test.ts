import { limits } from "@sharespace/core/limits";
import { clock } from "@sharespace/core/time";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../../local/test/stack";

// Handlers run in this process, so moving core's clock moves the server's idea of time.
// (DynamoDB Local's TTL sweeps play no part: expiry is checked by the code itself.)
const realNow = clock.now;
const DAY = 24 * 60 * 60 * 1000;
let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack();
});
afterEach(() => {
  clock.now = realNow;
});
afterAll(() => stack?.close());

let n = 0;
async function signUp() {
  const res = await stack.request("POST", "/api/auth/signup", {
    body: {
      email: `slide.${Date.now()}.${n++}@example.com`,
      password: "violet-harbour-42",
      name: "Sam",
    },
  });
  expect(res.status).toBe(201);
  return res.cookies.ss_refresh ?? "";
}
const refresh = (token: string) =>
  stack.request("POST", "/api/auth/refresh", { cookies: { ss_refresh: token } });

describe("session lifetime", () => {
  it("keeps a session in use alive past 30 days from sign-in", async () => {
    const start = realNow();
    const first = await signUp();
    clock.now = () => start + 20 * DAY;
    const second = await refresh(first);
    expect(second.status).toBe(200);
    clock.now = () => start + 45 * DAY;
    const third = await refresh(second.cookies.ss_refresh ?? "");
    expect(third.status).toBe(200);
  });

  it("ends a session left unused for more than 30 days", async () => {
    const start = realNow();
    const token = await signUp();
    clock.now = () => start + 31 * DAY;
    expect((await refresh(token)).status).toBe(401);
  });
});

describe("a refresh retried after its answer was lost", () => {
  const GRACE_MS = limits.refreshRetrySeconds * 1000;

  it("answers the retry within the grace with the same new cookie, and the session goes on", async () => {
    const start = realNow();
    clock.now = () => start;
    const token = await signUp();
    const lost = await refresh(token);
    expect(lost.status).toBe(200);
    clock.now = () => start + GRACE_MS - 1000;
    const retried = await refresh(token);
    expect(retried.status).toBe(200);
    expect(retried.cookies.ss_refresh).toBe(lost.cookies.ss_refresh);
    expect(retried.json.accessToken).toEqual(expect.any(String));
    expect((await refresh(retried.cookies.ss_refresh ?? "")).status).toBe(200);
  });

  it("ends the session when the old cookie comes back after the grace", async () => {
    const start = realNow();
    clock.now = () => start;
    const token = await signUp();
    const rotated = await refresh(token);
    clock.now = () => start + GRACE_MS;
    expect((await refresh(token)).status).toBe(401);
    expect((await refresh(rotated.cookies.ss_refresh ?? "")).status).toBe(401);
  });

  it("ends the session when the old cookie comes back after the new one was used", async () => {
    const token = await signUp();
    const second = await refresh(token);
    const third = await refresh(second.cookies.ss_refresh ?? "");
    expect(third.status).toBe(200);
    expect((await refresh(token)).status).toBe(401);
    expect((await refresh(third.cookies.ss_refresh ?? "")).status).toBe(401);
  });

  it.each([2, 10])(
    "rotates %i concurrent uses of one cookie once: all get the same new cookie",
    async (parallel) => {
      const token = await signUp();
      const results = await Promise.all(Array.from({ length: parallel }, () => refresh(token)));
      expect(results.map((r) => r.status)).toEqual(Array<number>(parallel).fill(200));
      const cookies = new Set(results.map((r) => r.cookies.ss_refresh));
      expect(cookies.size).toBe(1);
      expect(cookies.has(token)).toBe(false);
      expect((await refresh(results[0]?.cookies.ss_refresh ?? "")).status).toBe(200);
    },
  );
});
