import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorStatuses } from "../packages/functions/src/openapi";
import { routeKey, routes } from "../packages/functions/src/routes";
import { createTestStack, type TestResponse, type TestStack } from "../packages/local/test/stack";
import { CASES_PER_ROUTE, type FuzzCase, fuzzCases } from "./fuzz/cases";
import { difference, snapshot } from "./support/snapshot";

/*
 * The fuzz pass: every route of the table gets at least 200 requests generated from its own
 * schemas (wrong types, huge strings, deep nesting, Unicode edge cases, bad cursors, bad ids,
 * wrong content types, bad tokens), through the API Gateway emulator and the real handlers.
 * Each answer must be the route's documented 4xx (or, for input the route does not read, its
 * success), with the error envelope and no stack trace; and the table and the bucket must be
 * exactly as they were before the route's cases ran.
 */

let stack: TestStack;
let token: string;
beforeAll(async () => {
  stack = await createTestStack();
  const res = await stack.request("POST", "/api/auth/signup", {
    body: { email: "fuzz@example.com", password: "violet-harbour-42", name: "Fuzz" },
  });
  expect(res.status).toBe(201);
  token = res.json.accessToken;
});
afterAll(() => stack?.close());

/** Percent-encodes a path variable; a lone surrogate is sent as the bytes it would be in CESU-8. */
const encodePath = (value: string) => {
  try {
    return encodeURIComponent(value);
  } catch {
    return `${encodeURIComponent(value.replace(/[\ud800-\udfff]/g, ""))}%ED%A0%80`;
  }
};

/**
 * What API Gateway answers itself, before any function runs, in its own `{"message"}` shape:
 * the JWT authorizer's 401, 404 for a path no route matches, and 431 for a request line and
 * headers over its 10,240 bytes.
 */
function gatewayAnswer(route: (typeof routes)[number], res: TestResponse) {
  // Far over the limit, Node's own HTTP parser refuses the headers first, with no body.
  if (res.status === 431) return true;
  const statuses = [404, ...(route.auth === "jwt" ? [401] : [])];
  return statuses.includes(res.status) && typeof res.json?.message === "string" && !res.json?.error;
}

function send(route: (typeof routes)[number], c: FuzzCase) {
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodePath(c.params[name] ?? ""),
  );
  const headers: Record<string, string> = {};
  if (c.body?.contentType) headers["content-type"] = c.body.contentType;
  if (typeof c.auth === "object") headers.authorization = `Bearer ${c.auth.bearer}`;
  return stack.request(route.method, c.query ? `${path}?${c.query}` : path, {
    raw: c.body?.raw,
    headers,
    token: c.auth === "valid" ? token : undefined,
  });
}

describe.each(routes.map((route) => [routeKey(route), route] as const))("%s", (_, route) => {
  it(`answers ≥ ${CASES_PER_ROUTE} bad inputs with documented 4xx and changes nothing`, async () => {
    const cases = fuzzCases(route);
    expect(cases.length).toBeGreaterThanOrEqual(CASES_PER_ROUTE);
    const documented = new Set(errorStatuses(route).filter((status) => status < 500));
    const before = await snapshot(stack);
    const wrong: string[] = [];
    // A few at a time: enough to overlap the waits, not so many that the machine thrashes.
    for (let i = 0; i < cases.length; i += 8) {
      await Promise.all(
        cases.slice(i, i + 8).map(async (c) => {
          const res = await send(route, c);
          const gateway = gatewayAnswer(route, res);
          const allowed =
            gateway ||
            documented.has(res.status) ||
            (!c.mustReject && res.status === route.response.status);
          const envelope =
            gateway ||
            res.status < 400 ||
            (typeof res.json?.error?.code === "string" &&
              typeof res.json?.error?.message === "string");
          const leak = /\bat .+:\d+:\d+\)?$|Error: /m.test(res.text);
          if (!allowed || !envelope || leak)
            wrong.push(`${c.label} → ${res.status} ${res.text.slice(0, 200)}`);
        }),
      );
    }
    expect(wrong, `answers outside the contract (${wrong.length} of ${cases.length})`).toEqual([]);
    expect(difference(before, await snapshot(stack))).toEqual([]);
  });
});
