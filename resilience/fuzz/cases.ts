import * as v from "valibot";
import { limits } from "../../packages/core/src/limits";
import { pathVariables } from "../../packages/functions/src/openapi";
import type { Route } from "../../packages/functions/src/routes";
import { entriesOf, hostileIds, hostileStrings, hostileValues, nested, plausible } from "./values";

/** One generated request against one route. */
export interface FuzzCase {
  /** What was changed, for the failure message. */
  label: string;
  /** The path variables, unencoded. */
  params: Record<string, string>;
  /** The query string, without `?`. */
  query: string;
  /** The raw body and its content type; none when absent. */
  body?: { raw: string | Uint8Array; contentType?: string };
  /** `valid`: the signed-in fuzz account's token; a string: sent as the bearer; none: no header. */
  auth: "valid" | "none" | { bearer: string };
  /**
   * The request is wrong whatever the data holds (a schema refuses it, no valid token): it
   * must answer 4xx. Otherwise (an id of the right shape that names nothing, input a route
   * does not read) its success status is allowed too.
   */
  mustReject: boolean;
}

/** At least this many cases per route. */
export const CASES_PER_ROUTE = 200;

const json = (value: unknown) => ({ raw: JSON.stringify(value), contentType: "application/json" });

/** Bearer values the JWT authorizer must refuse. */
const badBearers = [
  "",
  "null",
  "x.y.z",
  "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
  "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl",
  "Bearer Bearer",
  "a".repeat(9000),
];

/** Bodies no JSON route can accept, whatever its schema. */
function protocolBodies(valid: unknown): { label: string; body: FuzzCase["body"] }[] {
  const raw = JSON.stringify(valid ?? {});
  return [
    { label: "malformed JSON", body: { raw: "{", contentType: "application/json" } },
    { label: "truncated JSON", body: { raw: raw.slice(0, -1), contentType: "application/json" } },
    { label: "JSON with a BOM", body: { raw: `\ufeff${raw}`, contentType: "application/json" } },
    { label: "text/plain", body: { raw, contentType: "text/plain" } },
    {
      label: "form body",
      body: { raw: "a=1&b=2", contentType: "application/x-www-form-urlencoded" },
    },
    {
      label: "multipart",
      body: { raw: "--x\r\n\r\n--x--", contentType: "multipart/form-data; boundary=x" },
    },
    { label: "no content type", body: { raw } },
    {
      label: "JSON as UTF-16",
      body: { raw: Buffer.from(raw, "utf16le"), contentType: "application/json" },
    },
    {
      label: "invalid UTF-8",
      body: { raw: Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d]), contentType: "application/json" },
    },
    { label: "over the body limit", body: json({ pad: "x".repeat(limits.maxJsonBodyBytes + 1) }) },
    {
      label: "nested 50,000 deep",
      body: { raw: `${"[".repeat(50_000)}${"]".repeat(50_000)}`, contentType: "application/json" },
    },
    { label: "empty body", body: { raw: "", contentType: "application/json" } },
  ];
}

/** Copies `value` with the field at `path` set (or deleted, for `undefined`). */
function withField(value: unknown, path: string[], field: unknown): unknown {
  const copy = structuredClone((value ?? {}) as Record<string, unknown>);
  let at: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof at[key] !== "object" || at[key] === null) at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1] as string;
  if (field === undefined) delete at[last];
  else at[last] = field;
  return copy;
}

/** Field paths of an object schema, one level into nested objects and array items. */
function fieldPaths(schema: v.GenericSchema, prefix: string[] = [], depth = 0): string[][] {
  const entries = entriesOf(schema);
  if (!entries) return [];
  const paths: string[][] = [];
  for (const [key, entry] of Object.entries(entries)) {
    paths.push([...prefix, key]);
    if (depth < 1) paths.push(...fieldPaths(entry, [...prefix, key], depth + 1));
  }
  return paths;
}

/** Every value a schema refuses, each placed in an otherwise plausible input. */
function refusedInputs(schema: v.GenericSchema): { label: string; value: unknown }[] {
  const base = plausible(schema);
  const found: { label: string; value: unknown }[] = [];
  const refused = (label: string, value: unknown) => {
    if (!v.safeParse(schema, value).success) found.push({ label, value });
  };
  for (const value of hostileValues) refused(`whole input ${preview(value)}`, value);
  for (const path of fieldPaths(schema)) {
    const name = path.join(".");
    refused(`${name} missing`, withField(base, path, undefined));
    for (const value of hostileValues)
      refused(`${name} = ${preview(value)}`, withField(base, path, value));
  }
  refused("an unknown field", { ...(base as object), unknownField: 1 });
  refused("a deeply nested field", withField(base, ["deep"], nested(1000, "object")));
  return found;
}

const preview = (value: unknown) => {
  const text =
    typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 40)}…(${text.length})` : text;
};

const queryString = (query: Record<string, unknown>) =>
  new URLSearchParams(
    Object.entries(query)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]): [string, string] => [
        key,
        typeof value === "string" ? value : String(JSON.stringify(value)),
      ]),
  ).toString();

/** Generates at least {@link CASES_PER_ROUTE} bad requests for one route. */
export function fuzzCases(route: Route): FuzzCase[] {
  const names = pathVariables(route.path);
  const params = (plausible(route.params ?? v.object({})) ?? {}) as Record<string, string>;
  for (const name of names) params[name] ??= "01ARZ3NDEKTSV4RRFFQ69G5FAV";
  const query = (route.query ? plausible(route.query) : {}) as Record<string, unknown>;
  const body = route.body ? json(plausible(route.body)) : undefined;
  // A route that changes something and validates nothing is fuzzed without a valid token,
  // so that no case can legitimately act (DELETE /api/me would delete the fuzz account).
  const readsInput = Boolean(route.body || route.query || route.params);
  const auth: FuzzCase["auth"] =
    route.auth === "jwt" && (readsInput || route.method === "GET") ? "valid" : "none";
  const base = { params, query: queryString(query), body, auth };
  const cases: FuzzCase[] = [];
  const add = (c: Partial<FuzzCase> & { label: string; mustReject: boolean }) =>
    cases.push({ ...base, ...c });

  if (route.auth === "jwt") {
    for (const bearer of badBearers)
      add({ label: `bearer ${preview(bearer)}`, auth: { bearer }, mustReject: true });
    add({ label: "no token", auth: "none", mustReject: true });
  }
  if (route.body) {
    for (const { label, value } of refusedInputs(route.body))
      add({ label: `body: ${label}`, body: json(value), mustReject: true });
    for (const { label, body: raw } of protocolBodies(plausible(route.body)))
      add({ label: `body: ${label}`, body: raw, mustReject: true });
  }
  if (route.query) {
    for (const { label, value } of refusedInputs(route.query)) {
      if (value === null || typeof value !== "object" || Array.isArray(value)) continue;
      // What arrives is the query string's own reading of it, which may be valid after all.
      const sent = queryString(value as Record<string, unknown>);
      const wire = Object.fromEntries(new URLSearchParams(sent));
      add({
        label: `query: ${label}`,
        query: sent,
        mustReject: !v.safeParse(route.query, wire).success,
      });
    }
    // Query values are strings: one the schema accepts may still name nothing (a cursor).
    for (const key of Object.keys(entriesOf(route.query) ?? {})) {
      for (const text of hostileStrings) {
        const value = { ...query, [key]: text };
        add({
          label: `query: ${key}=${preview(text)}`,
          query: queryString(value),
          mustReject: !v.safeParse(route.query, value).success,
        });
      }
    }
  }
  for (const name of names) {
    for (const id of hostileIds) {
      const value = { ...params, [name]: id };
      const refused = route.params ? !v.safeParse(route.params, value).success : false;
      add({ label: `path ${name}=${preview(id)}`, params: value, mustReject: refused });
    }
  }
  // Input a route does not read must change nothing either; fill up to the minimum with it.
  // Beside a body route's refused body, so that no filler can act.
  const junk = [...hostileStrings, ...hostileValues.map((value) => JSON.stringify(value))];
  const fillerBody = route.body ? json([]) : undefined;
  for (let i = 0; cases.length < CASES_PER_ROUTE; i++) {
    const text = junk[i % junk.length] as string;
    const extra = i % 2 === 0 ? ["junk", text] : [text.slice(0, 200), "1"];
    const search = new URLSearchParams(base.query);
    search.append(extra[0] as string, extra[1] as string);
    const refused =
      Boolean(route.body) ||
      (base.auth === "none" && route.auth === "jwt") ||
      (route.query ? !v.safeParse(route.query, Object.fromEntries(search)).success : false);
    add({
      label: `unread query ${preview(text)}`,
      query: search.toString(),
      body: fillerBody,
      mustReject: refused,
    });
  }
  return cases;
}
