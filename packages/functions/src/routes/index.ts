import { authRoutes } from "./auth";
import { mediaRoutes } from "./media";
import type { Route } from "./route";
import { shareRoutes } from "./share";
import { userRoutes } from "./user";

export type { ApiFunction, Route } from "./route";
export { forwardedHeaders } from "./route";

/**
 * Every route of the HTTP API, one file per area. This table is the single source of truth:
 * `infra/api.ts` adds each route to API Gateway, the local stack serves each one through its
 * emulator, each function dispatches on it and `GET /api/openapi.json` is generated from it.
 */
export const routes = [
  ...userRoutes,
  ...authRoutes,
  ...mediaRoutes,
  ...shareRoutes,
] as const satisfies readonly Route[];

/**
 * The path prefixes the router sends to the API, from the table: `/api`, and `/s` for the
 * link pages (crawlers run no JavaScript, so their tags must come from the server). Deployed,
 * `infra/api.ts` routes each to API Gateway; the local stack sends each to its emulator.
 */
export const edgePrefixes = [...new Set(routes.map((route) => `/${route.path.split("/")[1]}`))];

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
