import { describe, expect, it, vi } from "vitest";
import {
  budgets,
  type ClientBudget,
  clientConfig,
  isServiceOutage,
  worstCaseMs,
} from "../src/clients";

describe("the SDK clients' budgets", () => {
  it.each(Object.entries(budgets))(
    "%s fails a dead endpoint well inside the 5 s the API promises (and API Gateway's 30 s)",
    (_name, budget) => {
      expect(worstCaseMs(budget)).toBeLessThanOrEqual(4_500);
      expect(budget.maxAttempts).toBeGreaterThanOrEqual(2); // one dropped connection is retried
    },
  );

  it("adds up every attempt's timeout and every wait's cap", () => {
    const budget: ClientBudget = {
      connectionTimeoutMs: 300,
      requestTimeoutMs: 1_000,
      maxAttempts: 3,
      backoffCapMs: (retry) => retry * 100,
    };
    expect(worstCaseMs(budget)).toBe(3 * 1_000 + 100 + 200);
  });

  it("waits at most the cap between attempts, even when the server asks for longer", async () => {
    vi.useFakeTimers();
    try {
      const budget = { ...budgets.dynamo, backoffCapMs: () => 40 };
      const { retryStrategy } = clientConfig(budget);
      const token = await retryStrategy.acquireInitialRetryToken("dynamodb");
      let retried = false;
      const next = retryStrategy
        .refreshRetryTokenForRetry(token, {
          errorType: "THROTTLING",
          retryAfterHint: new Date(Date.now() + 60_000),
        })
        .then(() => {
          retried = true;
        });
      await vi.advanceTimersByTimeAsync(40);
      expect(retried).toBe(true);
      await next;
    } finally {
      vi.useRealTimers();
    }
  });

  it("gives up after the budget's attempts", async () => {
    const { retryStrategy } = clientConfig({ ...budgets.dynamo, backoffCapMs: () => 0 });
    let token = await retryStrategy.acquireInitialRetryToken("dynamodb");
    for (let retry = 1; retry < budgets.dynamo.maxAttempts; retry++) {
      token = await retryStrategy.refreshRetryTokenForRetry(token, { errorType: "TRANSIENT" });
    }
    await expect(
      retryStrategy.refreshRetryTokenForRetry(token, { errorType: "TRANSIENT" }),
    ).rejects.toThrow();
  });
});

describe("isServiceOutage", () => {
  it.each([
    [{ name: "TimeoutError" }, true],
    [{ code: "ECONNREFUSED" }, true],
    [{ code: "ECONNRESET" }, true],
    [{ name: "ThrottlingException", $metadata: { httpStatusCode: 400 } }, true],
    [{ name: "InternalServerError", $metadata: { httpStatusCode: 500 } }, true],
    [{ name: "ServiceUnavailable", $metadata: { httpStatusCode: 503 } }, true],
    [{ name: "ValidationException", $metadata: { httpStatusCode: 400 } }, false],
    [{ name: "ResourceNotFoundException", $metadata: { httpStatusCode: 400 } }, false],
    [{ name: "ConditionalCheckFailedException", $metadata: { httpStatusCode: 400 } }, false],
  ])("reads %j as an outage: %s", (fields, outage) => {
    const error = Object.assign(new Error("text"), fields);
    expect(isServiceOutage(error)).toBe(outage);
    expect(isServiceOutage(new Error("wrapped", { cause: error }))).toBe(outage);
  });

  it("is false for things that are not errors", () => {
    expect(isServiceOutage(undefined)).toBe(false);
    expect(isServiceOutage({ name: "TimeoutError" })).toBe(false);
  });
});
