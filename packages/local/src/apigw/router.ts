/**
 * Route selection as HTTP API does it (README, "Routing"): a route whose every segment
 * matches beats one with a greedy `{var+}`, which beats `$default`. Among several matches the
 * path decides first (a literal segment beats `{var}`, which beats `{var+}`, compared left to
 * right), then the method (`GET` beats `ANY`: "ANY matches methods not defined for that
 * path"). Paths compare case-sensitively and a trailing slash never matches.
 */

const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"]);

/** The route key of the catch-all route. */
export const DEFAULT_ROUTE = "$default";

type Segment =
  | { kind: "literal"; value: string }
  | { kind: "variable"; name: string }
  | { kind: "greedy"; name: string };

/** Lower ranks are more specific. */
const RANK: Record<Segment["kind"], number> = { literal: 0, variable: 1, greedy: 2 };

interface CompiledRoute<T> {
  routeKey: string;
  method: string;
  segments: Segment[];
  greedy: boolean;
  target: T;
}

/** A route key the router cannot accept; thrown when the gateway is created, never per request. */
export class RouteKeyError extends Error {
  readonly code = "invalid_route_key";
  constructor(routeKey: string, reason: string) {
    super(`Invalid route key "${routeKey}": ${reason}`);
    this.name = "RouteKeyError";
  }
}

/** The selected route, with its decoded path parameters (absent when the route has none). */
export interface RouteMatch<T> {
  routeKey: string;
  target: T;
  pathParameters?: Record<string, string>;
}

/** Finds the route for a method and a raw (still percent-encoded) path. */
export type Router<T> = (method: string, rawPath: string) => RouteMatch<T> | undefined;

/** Compiles route keys such as `"GET /api/media/{id}"`, `"ANY /x/{proxy+}"` or `"$default"`. */
export function createRouter<T>(routes: { routeKey: string; target: T }[]): Router<T> {
  const compiled: CompiledRoute<T>[] = [];
  let fallback: RouteMatch<T> | undefined;
  for (const { routeKey, target } of routes) {
    if (routeKey === DEFAULT_ROUTE) {
      if (fallback) throw new RouteKeyError(routeKey, "declared twice");
      fallback = { routeKey, target };
      continue;
    }
    if (compiled.some((route) => route.routeKey === routeKey)) {
      throw new RouteKeyError(routeKey, "declared twice");
    }
    compiled.push(compile(routeKey, target));
  }

  return (method, rawPath) => {
    let best: { route: CompiledRoute<T>; params: Record<string, string> } | undefined;
    for (const route of compiled) {
      if (route.method !== method && route.method !== "ANY") continue;
      const params = matchPath(route.segments, rawPath.split("/"));
      if (params && (!best || compare(route, best.route) < 0)) best = { route, params };
    }
    if (!best) return fallback;
    const hasParams = Object.keys(best.params).length > 0;
    return {
      routeKey: best.route.routeKey,
      target: best.route.target,
      ...(hasParams ? { pathParameters: best.params } : {}),
    };
  };
}

function compile<T>(routeKey: string, target: T): CompiledRoute<T> {
  const match = /^(\S+) (\/\S*)$/.exec(routeKey);
  const method = match?.[1];
  const path = match?.[2];
  if (!method || !path) throw new RouteKeyError(routeKey, 'expected "METHOD /path"');
  if (!METHODS.has(method)) throw new RouteKeyError(routeKey, `unknown method ${method}`);
  if (path !== "/" && path.endsWith("/")) {
    throw new RouteKeyError(routeKey, "a route path cannot end with /");
  }
  const segments = path
    .split("/")
    .slice(1)
    .map((part, index, parts): Segment => {
      const variable = /^\{([^{}/+]+)(\+?)\}$/.exec(part);
      if (!variable?.[1]) {
        if (part.includes("{") || part.includes("}")) {
          throw new RouteKeyError(routeKey, `bad path variable ${part}`);
        }
        if (part === "" && parts.length > 1) throw new RouteKeyError(routeKey, "empty segment");
        return { kind: "literal", value: part };
      }
      if (!variable[2]) return { kind: "variable", name: variable[1] };
      if (index !== parts.length - 1) {
        throw new RouteKeyError(routeKey, "a greedy variable must be the last segment");
      }
      return { kind: "greedy", name: variable[1] };
    });
  const greedy = segments.at(-1)?.kind === "greedy";
  return { routeKey, method, segments, greedy, target };
}

/** Matches the segments after the leading "/"; returns the decoded parameters or undefined. */
function matchPath(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  if (parts[0] !== "") return undefined;
  const rest = parts.slice(1);
  const params = new Map<string, string>();
  for (const [index, segment] of segments.entries()) {
    if (segment.kind === "greedy") {
      const value = rest.slice(index).join("/");
      // A greedy variable needs at least one character: "/x/{proxy+}" does not match "/x/".
      if (value === "") return undefined;
      params.set(segment.name, decode(value));
      return Object.fromEntries(params);
    }
    const part = rest[index];
    if (part === undefined) return undefined;
    if (segment.kind === "literal") {
      if (decode(part) !== segment.value) return undefined;
    } else {
      if (part === "") return undefined;
      params.set(segment.name, decode(part));
    }
  }
  return rest.length === segments.length ? Object.fromEntries(params) : undefined;
}

/** Negative when `a` should win over `b`. */
function compare<T>(a: CompiledRoute<T>, b: CompiledRoute<T>): number {
  if (a.greedy !== b.greedy) return a.greedy ? 1 : -1;
  const length = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < length; i++) {
    const diff = rankAt(a, i) - rankAt(b, i);
    if (diff !== 0) return diff;
  }
  // Equal paths (two greedy routes of different lengths always differ at some index).
  return (a.method === "ANY" ? 1 : 0) - (b.method === "ANY" ? 1 : 0);
}

function rankAt<T>(route: CompiledRoute<T>, index: number): number {
  const segment = route.segments[index];
  return segment ? RANK[segment.kind] : RANK.greedy;
}

/** API Gateway decodes path parameters; a malformed escape is passed on as sent. */
export function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
