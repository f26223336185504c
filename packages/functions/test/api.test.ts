import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";
import * as v from "valibot";
import { describe, expect, expectTypeOf, it } from "vitest";
import { createApi } from "../src/http/api";
import { json, noContent } from "../src/http/response";
import type { Route } from "../src/routes";

// A table of its own, so the wrapper is tested on every kind of input a route can declare
// (the app's table has no query or path schemas yet). Events are built by hand: this is
// the wrapper alone, not API Gateway.
const table = [
  {
    method: "POST",
    path: "/api/things/{id}",
    function: "Media",
    auth: "jwt",
    summary: "Everything at once.",
    params: v.strictObject({ id: v.pipe(v.string(), v.regex(/^thg_\d+$/, "Not a thing id.")) }),
    query: v.object({
      limit: v.optional(
        v.pipe(v.string(), v.toNumber(), v.integer("Whole numbers only."), v.maxValue(100)),
        "30",
      ),
    }),
    body: v.strictObject({ title: v.pipe(v.string(), v.trim(), v.minLength(1, "Say something.")) }),
    response: {
      status: 201,
      body: v.object({ id: v.string(), limit: v.number(), title: v.string() }),
    },
  },
  {
    method: "DELETE",
    path: "/api/things",
    function: "Media",
    auth: "public",
    summary: "No input at all.",
    response: { status: 204 },
  },
] as const satisfies readonly Route[];

const seen: unknown[] = [];
let fail: (() => never) | undefined;
const handler = createApi(table)("Media", {
  "POST /api/things/{id}": async ({ params, query, body }) => {
    // The values are typed by the table: a wrong field would not compile.
    expectTypeOf(params.id).toEqualTypeOf<string>();
    expectTypeOf(query.limit).toEqualTypeOf<number>();
    expectTypeOf(body.title).toEqualTypeOf<string>();
    seen.push({ params, query, body });
    return json(201, { id: params.id, limit: query.limit, title: body.title });
  },
  "DELETE /api/things": async ({ body, query, params }) => {
    seen.push({ body, query, params });
    fail?.();
    return noContent();
  },
});

const context = { awsRequestId: "aws-req" } as Context;
function event(
  routeKey: string,
  parts: {
    params?: Record<string, string>;
    query?: Record<string, string>;
    body?: string;
    type?: string;
  } = {},
) {
  return {
    version: "2.0",
    routeKey,
    rawPath: routeKey.split(" ")[1],
    rawQueryString: "",
    headers: { "content-type": parts.type ?? "application/json" },
    ...(parts.params ? { pathParameters: parts.params } : {}),
    ...(parts.query ? { queryStringParameters: parts.query } : {}),
    ...(parts.body === undefined ? {} : { body: parts.body }),
    isBase64Encoded: false,
    requestContext: { requestId: "req-1" },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}
const call = async (e: APIGatewayProxyEventV2WithJWTAuthorizer) => {
  const res = await handler(e, context);
  return { status: res.statusCode, json: res.body ? JSON.parse(res.body) : undefined };
};

describe("the api() wrapper", () => {
  it("hands the handler the parsed params, query and body", async () => {
    seen.length = 0;
    const res = await call(
      event("POST /api/things/{id}", {
        params: { id: "thg_7" },
        query: { limit: "12" },
        body: JSON.stringify({ title: "  Hello " }),
      }),
    );
    expect(res).toEqual({ status: 201, json: { id: "thg_7", limit: 12, title: "Hello" } });
    expect(seen).toEqual([
      { params: { id: "thg_7" }, query: { limit: 12 }, body: { title: "Hello" } },
    ]);
  });

  it("applies the schemas' defaults", async () => {
    const res = await call(
      event("POST /api/things/{id}", { params: { id: "thg_7" }, body: '{"title":"x"}' }),
    );
    expect(res.json.limit).toBe(30);
  });

  it("answers one 400 naming every bad field, wherever it was", async () => {
    seen.length = 0;
    const res = await call(
      event("POST /api/things/{id}", {
        params: { id: "nope" },
        query: { limit: "1.5" },
        body: JSON.stringify({ title: " ", extra: 1 }),
      }),
    );
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_request");
    expect(res.json.error.details).toEqual([
      { path: "path.id", message: "Not a thing id." },
      { path: "query.limit", message: "Whole numbers only." },
      { path: "title", message: "Say something." },
      { path: "extra", message: "This field is not allowed." },
    ]);
    expect(seen).toEqual([]); // the handler never ran
  });

  it.each([
    ["no body", undefined, "application/json", 400, "invalid_request"],
    ["malformed JSON", "{", "application/json", 400, "invalid_request"],
    ["a form body", "title=x", "application/x-www-form-urlencoded", 415, "unsupported_media_type"],
    [
      "a body over 64 KiB",
      JSON.stringify({ title: "x".repeat(70_000) }),
      "application/json",
      413,
      "payload_too_large",
    ],
  ])("keeps the body checks before the schema: %s", async (_label, body, type, status, code) => {
    const res = await call(event("POST /api/things/{id}", { params: { id: "thg_1" }, body, type }));
    expect(res.status).toBe(status);
    expect(res.json.error.code).toBe(code);
  });

  it("gives a route that declares no input nothing, and never reads its body", async () => {
    seen.length = 0;
    const res = await call(
      event("DELETE /api/things", { query: { a: "1" }, body: "not json", type: "text/plain" }),
    );
    expect(res.status).toBe(204);
    expect(seen).toEqual([{ body: undefined, query: undefined, params: undefined }]);
  });

  it.each([
    ["a request timeout", Object.assign(new Error("socket hang"), { name: "TimeoutError" })],
    [
      "a refused connection",
      Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
    ],
    [
      "throttling that outlived the retries",
      Object.assign(new Error("Rate exceeded"), {
        name: "ProvisionedThroughputExceededException",
        $metadata: { httpStatusCode: 400 },
      }),
    ],
    [
      "an AWS 5xx",
      Object.assign(new Error("We encountered an internal error"), {
        name: "InternalServerError",
        $metadata: { httpStatusCode: 500 },
      }),
    ],
    [
      "one wrapped by ElectroDB",
      new Error("Error thrown by DynamoDB client", {
        cause: Object.assign(new Error("connect ECONNRESET"), { code: "ECONNRESET" }),
      }),
    ],
  ])("answers 503 unavailable to %s, without the error's text", async (_label, error) => {
    // Stand-ins shaped like the SDK's errors; the real ones come from a dead endpoint in
    // outage.*.test.ts.
    fail = () => {
      throw error;
    };
    try {
      const res = await call(event("DELETE /api/things"));
      expect(res.status).toBe(503);
      expect(res.json.error.code).toBe("unavailable");
      expect(JSON.stringify(res.json)).not.toContain(error.message);
    } finally {
      fail = undefined;
    }
  });

  it("still answers 500 to an SDK error that is the request's fault", async () => {
    fail = () => {
      throw Object.assign(new Error("One or more parameter values were invalid"), {
        name: "ValidationException",
        $metadata: { httpStatusCode: 400 },
      });
    };
    try {
      const res = await call(event("DELETE /api/things"));
      expect(res.status).toBe(500);
      expect(res.json.error.code).toBe("internal");
    } finally {
      fail = undefined;
    }
  });
});
