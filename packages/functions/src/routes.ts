import {
  AuthSession,
  Discovery,
  Health,
  Jwks,
  LoginBody,
  Me,
  OpenApiDocument,
  RefreshedToken,
  SignupBody,
  UpdateMeBody,
  User,
} from "@sharespace/core/schema";
import type { GenericSchema } from "valibot";

/** The Lambda functions that serve the API; each handles the routes that name it. */
export type ApiFunction = "Auth" | "User" | "Media" | "Share";

/**
 * One route of the HTTP API. This table is the single source of truth: `infra/api.ts`
 * adds each route to API Gateway, the local stack serves each one through its emulator,
 * each function dispatches on it and `GET /api/openapi.json` is generated from it.
 */
export interface Route {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** API Gateway route path, with `{name}` path variables. */
  path: `/api/${string}`;
  function: ApiFunction;
  /** `jwt`: API Gateway's JWT authorizer rejects the call before the function runs. */
  auth: "jwt" | "public";
  summary: string;
  /**
   * The JSON body. The wrapper reads it (413 over the size limit, 415 when not JSON) and
   * validates it; a route without one never reads its body.
   */
  body?: GenericSchema;
  /** The query string, as an object of strings (`?limit=30` is `{ limit: "30" }`). */
  query?: GenericSchema;
  /** The path variables, as an object of strings; required when the path has any. */
  params?: GenericSchema;
  /** The success answer: status and body schema (none for 204). */
  response: { status: number; body?: GenericSchema };
  /**
   * Documented error statuses besides those the table implies: 400 (a schema), 401 (`jwt`),
   * 404 (path variables), 413 and 415 (a body), 500 and 503 (every route).
   */
  errors?: readonly number[];
}

export const routes = [
  {
    method: "GET",
    path: "/api/health",
    function: "User",
    auth: "public",
    summary: "Answers once the API, the table and the bucket all answer.",
    response: { status: 200, body: Health },
  },
  {
    method: "GET",
    path: "/api/.well-known/openid-configuration",
    function: "Auth",
    auth: "public",
    summary: "OIDC discovery document of the token issuer.",
    response: { status: 200, body: Discovery },
  },
  {
    method: "GET",
    path: "/api/.well-known/jwks.json",
    function: "Auth",
    auth: "public",
    summary: "Public keys that verify access tokens; both keys during a rotation.",
    response: { status: 200, body: Jwks },
  },
  {
    method: "GET",
    path: "/api/openapi.json",
    function: "User",
    auth: "public",
    summary: "This document.",
    response: { status: 200, body: OpenApiDocument },
  },
  {
    method: "POST",
    path: "/api/auth/signup",
    function: "Auth",
    auth: "public",
    summary: "Create an account and sign in.",
    body: SignupBody,
    response: { status: 201, body: AuthSession },
    errors: [409],
  },
  {
    method: "POST",
    path: "/api/auth/login",
    function: "Auth",
    auth: "public",
    summary: "Sign in with email and password.",
    body: LoginBody,
    response: { status: 200, body: AuthSession },
    errors: [401, 429],
  },
  {
    method: "POST",
    path: "/api/auth/refresh",
    function: "Auth",
    auth: "public",
    summary: "Trade the refresh cookie for a new access token and a new cookie.",
    response: { status: 200, body: RefreshedToken },
    errors: [401],
  },
  {
    method: "POST",
    path: "/api/auth/logout",
    function: "Auth",
    auth: "public",
    summary: "End the session of the refresh cookie.",
    response: { status: 204 },
  },
  {
    method: "GET",
    path: "/api/me",
    function: "User",
    auth: "jwt",
    summary: "The signed-in user, with usage and quota.",
    response: { status: 200, body: Me },
    // user_not_found: the account was deleted while its access token lives on.
    errors: [404],
  },
  {
    method: "PATCH",
    path: "/api/me",
    function: "User",
    auth: "jwt",
    summary: "Change the signed-in user's display name.",
    body: UpdateMeBody,
    response: { status: 200, body: User },
    errors: [404],
  },
] as const satisfies readonly Route[];

/** API Gateway's route key, `"METHOD /path"`, of one route (distributes over unions). */
export type KeyOf<R> = R extends { method: infer M extends string; path: infer P extends string }
  ? `${M} ${P}`
  : never;

/** Every route key of the table. */
export type RouteKey = KeyOf<(typeof routes)[number]>;

/** The route of the table with this key. */
export type RouteOf<K extends RouteKey> = K extends `${infer M} ${infer P}`
  ? Extract<(typeof routes)[number], { method: M; path: P }>
  : never;

export const routeKey = (route: Pick<Route, "method" | "path">) =>
  `${route.method} ${route.path}` as RouteKey;
