import { OneMedia } from "@sharespace/core/schema";
import sharp from "sharp";
import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestResponse, TestStack } from "../../local/test/stack";
import { createTestStack } from "../../local/test/stack";
import { errorStatuses, pathVariables } from "../src/openapi";
import { type Route, type RouteKey, routeKey, routes } from "../src/routes";
import {
  created,
  makeReady,
  putBytes,
  putParts,
  readyItem,
  sha256,
  uniqueBytes,
} from "./support/media";
import { link, share, verify } from "./support/share";

/*
 * The contract: every route of the table, called on its success path through the local
 * stack, answers its declared status with a body its response schema parses, and nothing
 * the schema does not declare; called with bad input (path, body, query), a documented 4xx,
 * never a 500. A route added to the table needs a case here: the type of
 * `cases` demands one, and the test fails without it.
 */

let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack();
});
afterAll(() => stack?.close());

/** What a case gets: the stack, and a fresh signed-in account of its own. */
interface Context {
  stack: TestStack;
  account(): Promise<Account>;
}
interface Account {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

let n = 0;
async function account(): Promise<Account> {
  const email = `contract.${Date.now()}.${n++}@example.com`;
  const password = "violet-harbour-42";
  const res = await stack.request("POST", "/api/auth/signup", {
    body: { email, password, name: "Contract" },
  });
  expect(res.status).toBe(201);
  return {
    id: res.json.user.id,
    email,
    password,
    accessToken: res.json.accessToken,
    refreshToken: res.cookies.ss_refresh ?? "",
  };
}

/** The token of the newest link to `page` mailed to `email`, read from the mail catcher. */
function linkToken(email: string, page = "/verify") {
  for (const message of stack.mail.messages(email)) {
    for (const link of message.links) {
      const url = new URL(link);
      if (url.pathname === page) return url.searchParams.get("token") ?? "";
    }
  }
  throw new Error(`no ${page} link mailed to ${email}`);
}

/** An account as the media helpers take it. */
const asUser = async (account: Promise<Account>) => {
  const { id, accessToken } = await account;
  return { id, token: accessToken, accessToken };
};

/** A multipart upload (just over the single-PUT limit) of a fresh account. */
async function multipart({ stack, account }: Context) {
  const user = await asUser(account());
  const size = 64 * 1024 ** 2 + 1;
  const { media, upload } = await created(stack, user, {
    filename: "clip.mp4",
    contentType: "video/mp4",
    size,
  });
  return { user, media, size, ...upload.multipart };
}

/** One success-path request per route, keyed by route key. */
const cases: Record<RouteKey, (ctx: Context) => Promise<TestResponse>> = {
  "GET /api/health": ({ stack }) => stack.request("GET", "/api/health"),
  "GET /api/.well-known/openid-configuration": ({ stack }) =>
    stack.request("GET", "/api/.well-known/openid-configuration"),
  "GET /api/.well-known/jwks.json": ({ stack }) =>
    stack.request("GET", "/api/.well-known/jwks.json"),
  "GET /api/openapi.json": ({ stack }) => stack.request("GET", "/api/openapi.json"),
  "POST /api/auth/signup": ({ stack }) =>
    stack.request("POST", "/api/auth/signup", {
      body: {
        email: `signup.${Date.now()}.${n++}@example.com`,
        password: "violet-harbour-42",
        name: "New",
      },
    }),
  "POST /api/auth/login": async ({ stack, account }) => {
    const { email, password } = await account();
    return stack.request("POST", "/api/auth/login", { body: { email, password } });
  },
  "POST /api/auth/refresh": async ({ stack, account }) => {
    const { refreshToken } = await account();
    return stack.request("POST", "/api/auth/refresh", { cookies: { ss_refresh: refreshToken } });
  },
  "POST /api/auth/logout": async ({ stack, account }) => {
    const { refreshToken } = await account();
    return stack.request("POST", "/api/auth/logout", { cookies: { ss_refresh: refreshToken } });
  },
  "POST /api/auth/verify": async ({ stack, account }) => {
    const { email } = await account();
    return stack.request("POST", "/api/auth/verify", { body: { token: linkToken(email) } });
  },
  "POST /api/auth/verify/resend": async ({ stack, account }) =>
    stack.request("POST", "/api/auth/verify/resend", { token: (await account()).accessToken }),
  "POST /api/auth/password/forgot": async ({ stack, account }) =>
    stack.request("POST", "/api/auth/password/forgot", {
      body: { email: (await account()).email },
    }),
  "POST /api/auth/password/reset": async ({ stack, account }) => {
    const { email } = await account();
    const forgot = await stack.request("POST", "/api/auth/password/forgot", { body: { email } });
    expect(forgot.status).toBe(202);
    return stack.request("POST", "/api/auth/password/reset", {
      body: { token: linkToken(email, "/reset-password"), password: "another-harbour-43" },
    });
  },
  "GET /api/me": async ({ stack, account }) =>
    stack.request("GET", "/api/me", { token: (await account()).accessToken }),
  "PATCH /api/me": async ({ stack, account }) =>
    stack.request("PATCH", "/api/me", {
      token: (await account()).accessToken,
      body: { name: "Renamed" },
    }),
  "DELETE /api/me": async ({ stack, account }) =>
    stack.request("DELETE", "/api/me", { token: (await account()).accessToken }),
  "POST /api/media": async ({ stack, account }) =>
    stack.request("POST", "/api/media", {
      token: (await account()).accessToken,
      body: { filename: "IMG_0001.HEIC", contentType: "image/heic", size: 3_000_000 },
    }),
  "POST /api/media/{id}/upload/parts": async (ctx) => {
    const { user, media } = await multipart(ctx);
    return ctx.stack.request("POST", `/api/media/${media.id}/upload/parts`, {
      token: user.accessToken,
      body: { partNumbers: [1, 2] },
    });
  },
  "GET /api/media/{id}/upload/parts": async (ctx) => {
    const { user, media } = await multipart(ctx);
    return ctx.stack.request("GET", `/api/media/${media.id}/upload/parts`, {
      token: user.accessToken,
    });
  },
  "POST /api/media/{id}/upload/complete": async (ctx) => {
    const { user, media, size, partSize, partCount } = await multipart(ctx);
    const numbers = Array.from({ length: partCount }, (_, i) => i + 1);
    const etags = await putParts(ctx.stack, user, media.id, uniqueBytes(size), partSize, numbers);
    return ctx.stack.request("POST", `/api/media/${media.id}/upload/complete`, {
      token: user.accessToken,
      body: { parts: numbers.map((partNumber) => ({ partNumber, etag: etags.get(partNumber) })) },
    });
  },
  "DELETE /api/media/{id}/upload": async ({ stack, account }) => {
    const user = await asUser(account());
    const { media } = await created(stack, user);
    return stack.request("DELETE", `/api/media/${media.id}/upload`, { token: user.accessToken });
  },
  "POST /api/media/{id}/poster": async ({ stack, account }) => {
    const user = await asUser(account());
    const media = await readyItem(stack, user, { contentType: "video/mp4", filename: "a.mp4" });
    return stack.request("POST", `/api/media/${media.id}/poster`, {
      token: user.accessToken,
      body: { contentType: "image/webp", size: 40_000 },
    });
  },
  "GET /api/media": async ({ stack, account }) => {
    const user = await asUser(account());
    await readyItem(stack, user, {}, { derivatives: ["thumbnail", "preview"], placeholder: "x" });
    const { media } = await created(stack, user, { size: 2000 });
    await makeReady(media);
    await created(stack, user, { contentType: "video/webm", filename: "v.webm" }); // uploading: not listed
    return stack.request("GET", "/api/media?limit=1", { token: user.accessToken });
  },
  "GET /api/media/timeline": async ({ stack, account }) => {
    const user = await asUser(account());
    await readyItem(stack, user, { lastModified: "2024-02-02T00:00:00Z" });
    return stack.request("GET", "/api/media/timeline", { token: user.accessToken });
  },
  "GET /api/media/{id}": async ({ stack, account }) => {
    const user = await asUser(account());
    const media = await readyItem(
      stack,
      user,
      {},
      { derivatives: ["thumbnail"], placeholder: "p" },
    );
    return stack.request("GET", `/api/media/${media.id}`, { token: user.accessToken });
  },
  "PATCH /api/media/{id}": async ({ stack, account }) => {
    const user = await asUser(account());
    const media = await readyItem(stack, user);
    return stack.request("PATCH", `/api/media/${media.id}`, {
      token: user.accessToken,
      body: { title: "Beach", description: "Low tide", takenAt: "2020-08-01T12:00:00Z" },
    });
  },
  "DELETE /api/media/{id}": async ({ stack, account }) => {
    const user = await asUser(account());
    const media = await readyItem(stack, user);
    return stack.request("DELETE", `/api/media/${media.id}`, { token: user.accessToken });
  },
  "POST /api/media/delete": async ({ stack, account }) => {
    const user = await asUser(account());
    const media = await readyItem(stack, user);
    return stack.request("POST", "/api/media/delete", {
      token: user.accessToken,
      body: { ids: [media.id, "med_01JZZZZZZZZZZZZZZZZZZZZZZZ"] },
    });
  },
  "POST /api/media/{id}/shares": async ({ stack, account }) => {
    const [owner, friend] = await Promise.all([asUser(account()), account()]);
    const media = await readyItem(stack, owner);
    return share(stack, owner, media.id, friend.email);
  },
  "GET /api/media/{id}/shares": async ({ stack, account }) => {
    const [owner, friend] = await Promise.all([asUser(account()), account()]);
    const media = await readyItem(stack, owner);
    await share(stack, owner, media.id, friend.email);
    return stack.request("GET", `/api/media/${media.id}/shares`, { token: owner.token });
  },
  "DELETE /api/media/{id}/shares/{userId}": async ({ stack, account }) => {
    const [owner, friend] = await Promise.all([asUser(account()), account()]);
    const media = await readyItem(stack, owner);
    await share(stack, owner, media.id, friend.email);
    return stack.request("DELETE", `/api/media/${media.id}/shares/${friend.id}`, {
      token: owner.token,
    });
  },
  "GET /api/shared": async ({ stack, account }) => {
    const [owner, friend] = await Promise.all([asUser(account()), account()]);
    await verify(friend.id);
    const media = await readyItem(stack, owner, {}, { derivatives: ["thumbnail"] });
    await share(stack, owner, media.id, friend.email);
    return stack.request("GET", "/api/shared?limit=1", { token: friend.accessToken });
  },
  "POST /api/media/{id}/links": async ({ stack, account }) => {
    const owner = await asUser(account());
    const media = await readyItem(stack, owner);
    return stack.request("POST", `/api/media/${media.id}/links`, {
      token: owner.token,
      body: {
        expiresInSeconds: 3600,
        maxViews: 5,
        allowDownload: false,
        slug: `c-${n++}-${Date.now()}`,
      },
    });
  },
  "GET /api/links": async ({ stack, account }) => {
    const owner = await asUser(account());
    const media = await readyItem(stack, owner);
    await link(stack, owner, media.id, { maxViews: 3 });
    return stack.request("GET", "/api/links?limit=10", { token: owner.token });
  },
  "GET /api/media/{id}/links": async ({ stack, account }) => {
    const owner = await asUser(account());
    const media = await readyItem(stack, owner);
    await link(stack, owner, media.id, { maxViews: 3 });
    return stack.request("GET", `/api/media/${media.id}/links`, { token: owner.token });
  },
  "PATCH /api/media/{id}/links/{token}": async ({ stack, account }) => {
    const owner = await asUser(account());
    const media = await readyItem(stack, owner);
    const { token } = await link(stack, owner, media.id);
    return stack.request("PATCH", `/api/media/${media.id}/links/${token}`, {
      token: owner.token,
      body: { maxViews: 2, expiresInSeconds: null },
    });
  },
  "DELETE /api/media/{id}/links/{token}": async ({ stack, account }) => {
    const owner = await asUser(account());
    const media = await readyItem(stack, owner);
    const { token } = await link(stack, owner, media.id);
    return stack.request("DELETE", `/api/media/${media.id}/links/${token}`, {
      token: owner.token,
    });
  },
  "GET /api/links/{tokenOrSlug}": async ({ stack, account }) => {
    const owner = await asUser(account());
    const media = await readyItem(stack, owner, {}, { derivatives: ["thumbnail", "preview"] });
    const { token } = await link(stack, owner, media.id);
    return stack.request("GET", `/api/links/${token}`);
  },
  "GET /api/links/{tokenOrSlug}/card": async ({ stack, account }) => {
    const owner = await asUser(account());
    const media = await readyItem(stack, owner, {}, { derivatives: ["preview"] });
    const { token } = await link(stack, owner, media.id);
    return stack.request("GET", `/api/links/${token}/card`);
  },
  "GET /s/{tokenOrSlug}": async ({ stack, account }) => {
    const owner = await asUser(account());
    const media = await readyItem(stack, owner);
    const { token } = await link(stack, owner, media.id);
    return stack.request("GET", `/s/${token}`);
  },
};

const table = routes.map((route) => [routeKey(route), route as Route] as const);

describe("every route of the table", () => {
  it.each(table)("%s answers its declared status and response schema", async (key, route) => {
    const send = cases[key];
    expect(send, `add a contract case for ${key}`).toBeTypeOf("function");
    const res = await send({ stack, account });
    expect(res.status, res.text).toBe(route.response.status);
    if ("html" in route.response) {
      expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(res.text).toMatch(/^<!doctype html>/i);
      return;
    }
    if (route.response.status === 302) {
      expect(res.headers.location).toMatch(/^http/);
      expect(res.text).toBe("");
      return;
    }
    if (!route.response.body) {
      expect(res.text).toBe("");
      return;
    }
    expect(res.headers["content-type"]).toBe("application/json");
    const parsed = v.safeParse(route.response.body, res.json);
    expect(
      parsed.issues?.map((issue) => `${v.getDotPath(issue)}: ${issue.message}`),
    ).toBeUndefined();
    // Nothing undeclared (a password hash, an internal key) slips out.
    expect(parsed.output).toEqual(res.json);
  });

  it("has no case for a route that is not in the table", () => {
    expect(Object.keys(cases).sort()).toEqual(routes.map(routeKey).sort());
  });
});

describe("a single PUT's completion (the table's case completes a multipart upload)", () => {
  it("answers the declared status and schema, and the loser of the same bytes a documented 409 duplicate naming the winner", async () => {
    const key = "POST /api/media/{id}/upload/complete";
    const route = routes.find((r) => routeKey(r) === key) as Route;
    const user = await asUser(account());
    // A real photo: this stack's Process runs on the objects too, and makes it ready.
    const bytes = await sharp({ create: { width: 8, height: 6, channels: 3, background: "#246" } })
      .jpeg()
      .toBuffer();
    const checksum = sha256(bytes);
    const body = { filename: "a.jpg", contentType: "image/jpeg", size: bytes.length, checksum };
    const uploads = [await created(stack, user, body), await created(stack, user, body)];
    for (const { upload } of uploads) await putBytes(upload, bytes);
    const answers: TestResponse[] = [];
    for (const { media } of uploads) {
      answers.push(
        await stack.request("POST", `/api/media/${media.id}/upload/complete`, {
          token: user.accessToken,
          body: { checksum },
        }),
      );
    }
    // Whichever went live first (a completion or Process) is the winner.
    const won = answers.find((res) => res.status === route.response.status);
    const lost = answers.find((res) => res.status === 409);
    expect(won, answers.map((res) => res.text).join("\n")).toBeDefined();
    expect(lost).toBeDefined();
    const item = v.parse(OneMedia, won?.json);
    expect(route.response.body).toBe(OneMedia);
    expect(lost?.json).toEqual({
      error: { code: "duplicate", message: expect.any(String), mediaId: item.media.id },
    });
    expect(errorStatuses(route)).toContain(409);
  });
});

/** Every error code the API contract documents. */
const documentedCodes = new Set([
  "invalid_request",
  "invalid_token",
  "unauthorized",
  "invalid_credentials",
  "password_required",
  "invalid_password",
  "forbidden",
  "not_found",
  "user_not_found",
  "email_taken",
  "conflict",
  "duplicate",
  "slug_taken",
  "link_expired",
  "link_exhausted",
  "payload_too_large",
  "file_too_large",
  "quota_exceeded",
  "unsupported_media_type",
  "rate_limited",
]);

/** Path variables no route takes: too long, not UTF-8 once decoded, traversal, odd text. */
const badSegments = ["x".repeat(1200), "%E0%A4%A", "..%2F..%2Fetc", "%F0%9F%99%82%00", "-"];

/** Bad requests for one route: its path variables, body and query each broken in turn. */
function badRequests(route: Route) {
  const fill = (value: string) => route.path.replace(/\{[^}]+\}/g, value);
  const good = fill("x");
  const requests: { label: string; path: string; raw?: string; body?: unknown }[] = [];
  if (pathVariables(route.path).length) {
    for (const segment of badSegments) {
      requests.push({ label: `path ${segment.slice(0, 20)}`, path: fill(segment) });
    }
  }
  if (route.body) {
    requests.push({ label: "malformed JSON", path: good, raw: "{not json" });
    requests.push({ label: "an array", path: good, body: [] });
    requests.push({ label: "an unknown field", path: good, body: { unexpected: 1 } });
  }
  if (route.query) {
    for (const query of ["limit=abc", "limit=0", "limit=101", "cursor=garbage", "cursor=%%%"]) {
      requests.push({ label: `query ${query}`, path: `${good}?${query}` });
    }
  }
  return requests;
}

describe("bad input on every route", () => {
  let token = "";
  beforeAll(async () => {
    token = (await account()).accessToken;
  });

  it.each(table)("%s answers 4xx with a documented code, never 500", async (_key, route) => {
    for (const bad of badRequests(route)) {
      const res = await stack.request(route.method, bad.path, {
        ...(route.auth === "jwt" ? { token } : {}),
        ...(bad.raw !== undefined
          ? { raw: bad.raw, headers: { "content-type": "application/json", origin: stack.url } }
          : { body: bad.body, headers: { origin: stack.url } }),
      });
      const what = `${route.method} ${bad.path.slice(0, 80)} (${bad.label}): ${res.text.slice(0, 200)}`;
      expect(res.status, what).toBeGreaterThanOrEqual(400);
      expect(res.status, what).toBeLessThan(500);
      expect(res.text, what).not.toMatch(/\bat .+:\d+:\d+|Error:/);
      if (res.headers["content-type"] === "application/json" && res.json?.error) {
        expect(documentedCodes.has(res.json.error.code), what).toBe(true);
      }
    }
  });
});

describe("the table itself", () => {
  it.each(table)("%s declares a params schema for exactly its path variables", (_key, route) => {
    const variables = pathVariables(route.path).sort();
    if (!route.params) {
      expect(variables).toEqual([]);
      return;
    }
    const schema = route.params as v.ObjectSchema<v.ObjectEntries, undefined>;
    expect(Object.keys(schema.entries).sort()).toEqual(variables);
  });
});
