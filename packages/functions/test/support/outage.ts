/**
 * What the API answers when its database is gone: one test file per kind of death (a stack
 * per file), sharing these cases. The table and bucket are made on the real endpoints;
 * only the handlers' DynamoDB endpoint points at the dead one.
 */
import { createPrivateKey } from "node:crypto";
import { budgets, worstCaseMs } from "@sharespace/core/clients";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../../../local/test/stack";

/**
 * Room for the machine itself (the stack, the emulator and the test share one event loop)
 * beyond the client's own worst case. The bound stays under the 5 s the API promises.
 */
const SLACK_MS = 1_500;

export interface DeadEndpoint {
  url: string;
  close(): Promise<void>;
}

/**
 * Runs the outage cases against a dead DynamoDB endpoint. `minimumMs` is how long the
 * client must have tried (its attempts' timeouts), when a black hole makes it wait them out.
 */
export function describeOutage(
  name: string,
  start: () => Promise<DeadEndpoint>,
  expected: { minimumMs: number },
) {
  let stack: TestStack;
  let dead: DeadEndpoint;
  beforeAll(async () => {
    dead = await start();
    stack = await createTestStack({ handlerEnv: { AWS_ENDPOINT_URL_DYNAMODB: dead.url } });
  });
  afterAll(async () => {
    await stack?.close();
    await dead?.close();
  });

  const token = async () => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ sub: "usr_01OUTAGE", iat: now, exp: now + 300 })
      .setProtectedHeader({ alg: "RS256", kid: stack.kid })
      .setIssuer(stack.issuer)
      .setAudience(stack.audience)
      .sign(createPrivateKey(stack.privateKey));
  };

  const budget = budgets.dynamo;
  describe(`with ${name} as the database`, () => {
    it.each([
      ["GET /api/health", async () => stack.request("GET", "/api/health")],
      ["GET /api/me (JWT)", async () => stack.request("GET", "/api/me", { token: await token() })],
      [
        "POST /api/auth/login",
        async () =>
          stack.request("POST", "/api/auth/login", {
            body: { email: "nobody@example.com", password: "whatever-it-is" },
          }),
      ],
    ])("%s answers 503 unavailable JSON within the client's budget", async (_route, send) => {
      // A monotonic clock, only to bound the test: the budget itself is configured.
      const started = performance.now();
      const res = await send();
      const elapsed = performance.now() - started;
      expect(res.status).toBe(503);
      expect(res.headers["content-type"]).toBe("application/json");
      expect(res.json).toEqual({
        error: {
          code: "unavailable",
          message: "ShareSpace is unavailable right now. Try again in a moment.",
        },
      });
      expect(elapsed).toBeGreaterThanOrEqual(expected.minimumMs);
      expect(elapsed).toBeLessThan(worstCaseMs(budget) + SLACK_MS);
    });
  });
}
