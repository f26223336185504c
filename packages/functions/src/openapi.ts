import { ErrorBody } from "@sharespace/core/schema";
import { toJsonSchema } from "@valibot/to-json-schema";
import type { GenericSchema } from "valibot";
import { type Route, routes } from "./routes";

const schema = (s: GenericSchema) =>
  toJsonSchema(s, { target: "draft-2020-12", errorMode: "ignore" }) as Record<string, unknown>;

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

function operation(route: Route) {
  const errorCodes = new Set<number>([
    ...(route.body ? [400] : []),
    ...(route.auth === "jwt" ? [401] : []),
    ...(route.errors ?? []),
    500,
  ]);
  const error = { content: { "application/json": { schema: schema(ErrorBody) } } };
  const params = [...route.path.matchAll(/\{(\w+)\+?\}/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
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
        description: "Success",
        ...(route.response.body
          ? { content: { "application/json": { schema: schema(route.response.body) } } }
          : {}),
      },
      ...Object.fromEntries(
        [...errorCodes].map((code) => [
          code,
          { description: errorText[code] ?? "Error", ...error },
        ]),
      ),
    },
  };
}

let document: Record<string, unknown> | undefined;

/** The OpenAPI 3.1 document, generated from the route table and its valibot schemas. */
export function openapi() {
  document ??= {
    openapi: "3.1.0",
    info: { title: "ShareSpace API", version: "1" },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    },
    paths: routes.reduce<Record<string, Record<string, unknown>>>((paths, route) => {
      paths[route.path] ??= {};
      (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = operation(route);
      return paths;
    }, {}),
  };
  return document;
}
