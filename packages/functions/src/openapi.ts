/**
 * The OpenAPI 3.1 document, generated from the route table and its valibot schemas. Loaded
 * lazily by its own route only: the JSON Schema generator has no place in other routes'
 * cold starts.
 * @module
 */
import { ErrorBody, type OpenApiDocument } from "@sharespace/core/schema";
import { toJsonSchema } from "@valibot/to-json-schema";
import type { GenericSchema } from "valibot";
import { type Route, routes } from "./routes";

type JsonSchema = Record<string, unknown>;

const schema = (s: GenericSchema) =>
  toJsonSchema(s, { target: "draft-2020-12", errorMode: "ignore" }) as JsonSchema;

const errorText: Record<number, string> = {
  400: "Invalid request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  409: "Conflict",
  410: "Gone",
  413: "Payload too large",
  415: "Unsupported media type",
  429: "Too many requests",
  500: "Internal error",
  503: "Unavailable",
};

/** The path variables of a route (`/api/media/{id}` → `["id"]`). */
export const pathVariables = (path: string) =>
  [...path.matchAll(/\{(\w+)\+?\}/g)].map((m) => m[1] ?? "");

/**
 * The error statuses a route can answer: what its table entry implies (a schema can fail,
 * a body can be too large or not JSON, a guarded route refuses a missing token, a path
 * variable can name nothing), what it declares, and 500/503 everywhere.
 */
export function errorStatuses(route: Route): number[] {
  const hasSchema = Boolean(route.body || route.query || route.params);
  const codes = new Set<number>([
    ...(hasSchema ? [400] : []),
    ...(route.auth === "jwt" ? [401] : []),
    ...(pathVariables(route.path).length ? [404] : []),
    ...(route.body ? [413, 415] : []),
    ...(route.errors ?? []),
    500,
    503,
  ]);
  return [...codes].sort((a, b) => a - b);
}

/** OpenAPI parameters from an object schema's properties (query strings, path variables). */
function parameters(where: "query" | "path", s: GenericSchema | undefined, names: string[] = []) {
  const json = s ? schema(s) : { properties: {}, required: [] };
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  // Path variables the schema does not describe are still there, as plain strings.
  for (const name of names) properties[name] ??= { type: "string" };
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === "path" || required.has(name),
    schema: property,
  }));
}

/** The OpenAPI operation of one route. */
export function operation(route: Route): JsonSchema {
  const error = { content: { "application/json": { schema: schema(ErrorBody) } } };
  const params = [
    ...parameters("path", route.params, pathVariables(route.path)),
    ...parameters("query", route.query),
  ];
  return {
    operationId: `${route.method.toLowerCase()}${route.path.replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
    summary: route.summary,
    ...(route.auth === "jwt" ? { security: [{ bearer: [] }] } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: schema(route.body) } },
          },
        }
      : {}),
    responses: {
      [route.response.status]: {
        description: route.response.status === 302 ? "Redirect (location)" : "Success",
        ...(route.response.body
          ? { content: { "application/json": { schema: schema(route.response.body) } } }
          : {}),
        ...("html" in route.response
          ? { content: { "text/html": { schema: { type: "string" } } } }
          : {}),
      },
      ...Object.fromEntries(
        errorStatuses(route).map((code) => [
          code,
          { description: errorText[code] ?? "Error", ...error },
        ]),
      ),
    },
  };
}

let document: OpenApiDocument | undefined;

/** The OpenAPI 3.1 document of the API (built once per process). */
export function openapi(): OpenApiDocument {
  document ??= {
    openapi: "3.1.0",
    info: { title: "ShareSpace API", version: "1" },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    },
    paths: routes.reduce<Record<string, Record<string, JsonSchema>>>((paths, route) => {
      paths[route.path] ??= {};
      (paths[route.path] as Record<string, JsonSchema>)[route.method.toLowerCase()] =
        operation(route);
      return paths;
    }, {}),
  };
  return document;
}
