import { routeKey, routes } from "@sharespace/functions/routes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../stack";

// The emulator's own answer when no route matches (what API Gateway sends).
const NOT_FOUND = { message: "Not Found" };

let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack();
});
afterAll(() => stack?.close());

describe("the local stack serves the route table", () => {
  it.each(routes.map((route) => [routeKey(route), route] as const))(
    "%s reaches its function",
    async (_key, route) => {
      // Path variables get a placeholder; a missing body is the function's business (400).
      const path = route.path.replace(/\{[^}]+\}/g, "x");
      const res = await stack.request(route.method, path);
      expect(res.json).not.toEqual(NOT_FOUND);
      if (route.auth === "jwt") {
        expect(res.status).toBe(401);
        expect(res.json).toEqual({ message: "Unauthorized" });
      } else {
        expect(res.status).not.toBe(404);
        expect(res.status).toBeLessThan(500);
      }
    },
  );

  it("answers health once the table and the bucket answer (links and endpoints reach the handler)", async () => {
    const res = await stack.request("GET", "/api/health");
    expect(res.status).toBe(200);
  });

  it.each([
    ["an unknown path", "GET", "/api/nope"],
    ["a known path with another method", "DELETE", "/api/health"],
    ["a trailing slash", "GET", "/api/health/"],
    ["the bare prefix", "GET", "/api"],
  ])("answers API Gateway's 404 to %s", async (_label, method, path) => {
    const res = await stack.request(method, path);
    expect(res.status).toBe(404);
    expect(res.json).toEqual(NOT_FOUND);
  });

  it("sends everything outside /api to the fallback, not the gateway", async () => {
    const res = await stack.request("GET", "/apinope");
    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    expect(res.headers["apigw-requestid"]).toBeUndefined();
  });
});
