import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { errorStatuses, openapi, operation } from "../src/openapi";
import { type Route, routeKey, routes } from "../src/routes";

const doc = openapi();
const op = (method: string, path: string) =>
  (doc.paths[path]?.[method.toLowerCase()] ?? {}) as {
    responses: Record<string, unknown>;
    parameters?: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  };

describe("the OpenAPI document", () => {
  it.each(routes.map((route) => [routeKey(route), route as Route] as const))(
    "%s lists every status it can answer",
    (_key, route) => {
      const statuses = Object.keys(op(route.method, route.path).responses).map(Number);
      expect(statuses).toContain(route.response.status);
      if (route.body) expect(statuses).toEqual(expect.arrayContaining([400, 413, 415]));
      else expect(statuses).not.toContain(413);
      if (route.auth === "jwt") expect(statuses).toContain(401);
      expect(statuses).toEqual(expect.arrayContaining([500, 503]));
    },
  );

  it("lists 404 for the routes that can answer it", () => {
    expect(Object.keys(op("GET", "/api/me").responses)).toContain("404");
    expect(Object.keys(op("GET", "/api/health").responses)).not.toContain("404");
  });

  // The table has no query or path schemas yet; a route of its own shows how they appear.
  const route = {
    method: "GET",
    path: "/api/things/{id}",
    function: "Media",
    auth: "jwt",
    summary: "A thing.",
    params: v.strictObject({ id: v.pipe(v.string(), v.regex(/^thg_/)) }),
    query: v.object({
      limit: v.optional(v.pipe(v.string(), v.regex(/^\d+$/))),
      until: v.pipe(v.string(), v.isoTimestamp()),
    }),
    response: { status: 200, body: v.object({ id: v.string() }) },
  } as const satisfies Route;

  it("documents path and query parameters from their schemas", () => {
    const { parameters, responses } = operation(route) as ReturnType<typeof op>;
    expect(parameters).toEqual([
      { name: "id", in: "path", required: true, schema: { type: "string", pattern: "^thg_" } },
      {
        name: "limit",
        in: "query",
        required: false,
        schema: { type: "string", pattern: "^\\d+$" },
      },
      {
        name: "until",
        in: "query",
        required: true,
        schema: { type: "string", format: "date-time" },
      },
    ]);
    expect(Object.keys(responses)).toEqual(["200", "400", "401", "404", "500", "503"]);
  });

  it("gives a path variable without a schema a plain string parameter", () => {
    const { params: _params, query: _query, ...bare } = route;
    expect((operation(bare) as ReturnType<typeof op>).parameters).toEqual([
      { name: "id", in: "path", required: true, schema: { type: "string" } },
    ]);
    expect(errorStatuses(bare)).toEqual([401, 404, 500, 503]);
  });
});
