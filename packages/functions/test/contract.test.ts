import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestResponse, TestStack } from "../../local/test/stack";
import { createTestStack } from "../../local/test/stack";
import { pathVariables } from "../src/openapi";
import { type Route, type RouteKey, routeKey, routes } from "../src/routes";

/*
 * The contract: every route of the table, called on its success path through the local
 * stack, answers its declared status with a body its response schema parses, and nothing
 * the schema does not declare. A route added to the table needs a case here: the type of
 * `cases` demands one, and the test fails without it.
 */

let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack();
});
afterAll(() => stack?.close());

/** What a case gets: the stack, and a fresh signed-in account of its own. */
interface Context {
  stack: TestStack;
  account(): Promise<Account>;
}
interface Account {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

let n = 0;
async function account(): Promise<Account> {
  const email = `contract.${Date.now()}.${n++}@example.com`;
  const password = "violet-harbour-42";
  const res = await stack.request("POST", "/api/auth/signup", {
    body: { email, password, name: "Contract" },
  });
  expect(res.status).toBe(201);
  return {
    id: res.json.user.id,
    email,
    password,
    accessToken: res.json.accessToken,
    refreshToken: res.cookies.ss_refresh ?? "",
  };
}

/** One success-path request per route, keyed by route key. */
const cases: Record<RouteKey, (ctx: Context) => Promise<TestResponse>> = {
  "GET /api/health": ({ stack }) => stack.request("GET", "/api/health"),
  "GET /api/.well-known/openid-configuration": ({ stack }) =>
    stack.request("GET", "/api/.well-known/openid-configuration"),
  "GET /api/.well-known/jwks.json": ({ stack }) =>
    stack.request("GET", "/api/.well-known/jwks.json"),
  "GET /api/openapi.json": ({ stack }) => stack.request("GET", "/api/openapi.json"),
  "POST /api/auth/signup": ({ stack }) =>
    stack.request("POST", "/api/auth/signup", {
      body: {
        email: `signup.${Date.now()}.${n++}@example.com`,
        password: "violet-harbour-42",
        name: "New",
      },
    }),
  "POST /api/auth/login": async ({ stack, account }) => {
    const { email, password } = await account();
    return stack.request("POST", "/api/auth/login", { body: { email, password } });
  },
  "POST /api/auth/refresh": async ({ stack, account }) => {
    const { refreshToken } = await account();
    return stack.request("POST", "/api/auth/refresh", { cookies: { ss_refresh: refreshToken } });
  },
  "POST /api/auth/logout": async ({ stack, account }) => {
    const { refreshToken } = await account();
    return stack.request("POST", "/api/auth/logout", { cookies: { ss_refresh: refreshToken } });
  },
  "GET /api/me": async ({ stack, account }) =>
    stack.request("GET", "/api/me", { token: (await account()).accessToken }),
  "PATCH /api/me": async ({ stack, account }) =>
    stack.request("PATCH", "/api/me", {
      token: (await account()).accessToken,
      body: { name: "Renamed" },
    }),
};

const table = routes.map((route) => [routeKey(route), route as Route] as const);

describe("every route of the table", () => {
  it.each(table)("%s answers its declared status and response schema", async (key, route) => {
    const send = cases[key];
    expect(send, `add a contract case for ${key}`).toBeTypeOf("function");
    const res = await send({ stack, account });
    expect(res.status, res.text).toBe(route.response.status);
    if (!route.response.body) {
      expect(res.text).toBe("");
      return;
    }
    expect(res.headers["content-type"]).toBe("application/json");
    const parsed = v.safeParse(route.response.body, res.json);
    expect(
      parsed.issues?.map((issue) => `${v.getDotPath(issue)}: ${issue.message}`),
    ).toBeUndefined();
    // Nothing undeclared (a password hash, an internal key) slips out.
    expect(parsed.output).toEqual(res.json);
  });

  it("has no case for a route that is not in the table", () => {
    expect(Object.keys(cases).sort()).toEqual(routes.map(routeKey).sort());
  });
});

describe("the table itself", () => {
  it.each(table)("%s declares a params schema for exactly its path variables", (_key, route) => {
    const variables = pathVariables(route.path).sort();
    if (!route.params) {
      expect(variables).toEqual([]);
      return;
    }
    const schema = route.params as v.ObjectSchema<v.ObjectEntries, undefined>;
    expect(Object.keys(schema.entries).sort()).toEqual(variables);
  });
});
