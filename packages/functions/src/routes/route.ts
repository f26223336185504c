import type { GenericSchema } from "valibot";

/** The Lambda functions that serve the API; each handles the routes that name it. */
export type ApiFunction = "Auth" | "User" | "Media" | "Share";

/**
 * One route of the HTTP API. The route table (`routes/index.ts`) is the single source of
 * truth: `infra/api.ts` adds each route to API Gateway, the local stack serves each one
 * through its emulator, each function dispatches on it and `GET /api/openapi.json` is
 * generated from it.
 */
export interface Route {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /**
   * API Gateway route path, with `{name}` path variables. Under `/api`, or under one of the
   * other prefixes the router sends to the API (`edgePrefixes`: the `/s/…` link pages).
   */
  path: `/api/${string}` | `/s/${string}`;
  function: ApiFunction;
  /** `jwt`: API Gateway's JWT authorizer rejects the call before the function runs. */
  auth: "jwt" | "public";
  summary: string;
  /**
   * The route authenticates by the refresh cookie (refresh, logout): a request whose `Origin`
   * is present and not the app's own answers 403 `forbidden`, beside the cookie's SameSite.
   */
  cookieAuth?: true;
  /**
   * `auth`: a public route that checks credentials or sends email. API Gateway holds it to
   * the tighter rate (`limits.gateway.auth`) besides the stage's.
   */
  throttle?: "auth";
  /**
   * The JSON body. The wrapper reads it (413 over the size limit, 415 when not JSON) and
   * validates it; a route without one never reads its body.
   */
  body?: GenericSchema;
  /** The query string, as an object of strings (`?limit=30` is `{ limit: "30" }`). */
  query?: GenericSchema;
  /** The path variables, as an object of strings; required when the path has any. */
  params?: GenericSchema;
  /**
   * The success answer: status and body schema (none for 204 and redirects); `html` for a
   * page (a string of HTML, not JSON).
   */
  response: { status: number; body?: GenericSchema; html?: true };
  /**
   * Documented error statuses besides those the table implies: 400 (a schema), 401 (`jwt`),
   * 404 (path variables), 413 and 415 (a body), 500 and 503 (every route).
   */
  errors?: readonly number[];
}

/**
 * The request headers the router (CloudFront) passes to the API besides those its cache
 * policy keys on (`authorization`): every header a route reads must be listed, or CloudFront
 * drops it. `CloudFront-Viewer-Address` is CloudFront's own (the client's address and port).
 * Not `Host`: API Gateway answers only to its own. At most 10 (CloudFront's quota per origin
 * request policy).
 */
export const forwardedHeaders = [
  "CloudFront-Viewer-Address",
  "content-type",
  "origin",
  "accept",
  "accept-language",
  "user-agent",
  "x-link-password",
  "x-link-visit",
] as const;
