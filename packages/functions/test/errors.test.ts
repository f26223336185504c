import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { handler } from "../src/user";

// No SST links are set in this file: any core call that needs the table fails
// unexpectedly, which is exactly the 500 path under test. The event is built by hand
// (no emulator) to reach the handler directly.
const event = (routeKey: string, claims?: Record<string, string>) =>
  ({
    version: "2.0",
    routeKey,
    rawPath: routeKey.split(" ")[1],
    rawQueryString: "",
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      requestId: "req-123",
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
    },
  }) as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
const context = { awsRequestId: "aws-req" } as Context;

describe("the handler wrapper", () => {
  it("turns an unexpected failure into a generic 500 naming the request id, no details", async () => {
    const res = await handler(event("GET /api/me", { sub: "usr_1" }), context);
    expect(res.statusCode).toBe(500);
    const body = JSON.parse(res.body ?? "");
    expect(body.error.code).toBe("internal");
    expect(body.error.message).toContain("req-123");
    expect(res.body).not.toMatch(/SST|Resource|at |\.ts/);
  });

  it("answers 401 when a guarded route is reached without claims", async () => {
    const res = await handler(event("GET /api/me"), context);
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body ?? "").error.code).toBe("unauthorized");
  });

  it("answers 404 to a route key this function does not serve", async () => {
    const res = await handler(event("GET /api/auth/whatever"), context);
    expect(res.statusCode).toBe(404);
  });
});
