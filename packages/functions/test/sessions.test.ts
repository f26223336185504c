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
