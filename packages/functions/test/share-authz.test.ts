/**
 * Who may call each sharing route: the owner of the item; a user it is shared with (may
 * read the item, not manage its sharing: 403); a user whose share was revoked and a
 * stranger (404, as if it did not exist); nobody signed in (401 from the authorizer). Link
 * routes for visitors are public: whoever holds the link gets the same answer.
 */
import { db } from "@sharespace/core/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestResponse, TestStack } from "../../local/test/stack";
import { createTestStack } from "../../local/test/stack";
import { routeKey } from "../src/routes";
import { shareRoutes } from "../src/routes/share";
import { readyItem } from "./support/media";
import { link, type Person, person, share } from "./support/share";

let stack: TestStack;
let owner: Person;
let friend: Person;
let exFriend: Person;
let stranger: Person;
let third: Person;
beforeAll(async () => {
  stack = await createTestStack({ handlers: { Process: async () => {} } });
  [owner, friend, exFriend, stranger, third] = await Promise.all([
    person(stack, "Owner"),
    person(stack, "Friend"),
    person(stack, "Former"),
    person(stack, "Stranger"),
    person(stack, "Third"),
  ]);
});
afterAll(() => stack?.close());

type Who = "owner" | "shared" | "revoked" | "stranger" | "anonymous";
const callers: Record<Who, () => string | undefined> = {
  owner: () => owner.token,
  shared: () => friend.token,
  revoked: () => exFriend.token,
  stranger: () => stranger.token,
  anonymous: () => undefined,
};

/**
 * An item of the owner's, shared with `friend`, shared with `exFriend` and revoked, shared
 * with `third`, with one link (and a preview, for the card).
 */
async function sharedItem() {
  const media = await readyItem(stack, owner, {}, { derivatives: ["preview"] });
  for (const who of [friend, exFriend, third]) {
    expect((await share(stack, owner, media.id, who.email)).status).toBe(201);
  }
  await stack.request("DELETE", `/api/media/${media.id}/shares/${exFriend.id}`, {
    token: owner.token,
  });
  const { token } = await link(stack, owner, media.id);
  return { id: media.id, token };
}

interface Case {
  request(item: { id: string; token: string }): { method: string; path: string; body?: unknown };
  status: Record<Who, number>;
  check?: Partial<Record<Who, (res: TestResponse, item: { id: string; token: string }) => unknown>>;
}

const managed = (ok: number): Record<Who, number> => ({
  owner: ok,
  shared: 403,
  revoked: 404,
  stranger: 404,
  anonymous: 401,
});
const everyone = (ok: number): Record<Who, number> => ({
  owner: ok,
  shared: ok,
  revoked: ok,
  stranger: ok,
  anonymous: ok,
});

/** Nothing changed: the item's shares and links are as `sharedItem` made them. */
const untouched = async (_res: TestResponse, item: { id: string; token: string }) => {
  const shares = await db().entities.share.query.byMedia({ mediaId: item.id }).go();
  expect(shares.data.map((s) => s.userId).sort()).toEqual([friend.id, third.id].sort());
  const stored = await db().entities.link.get({ token: item.token }).go();
  expect(stored.data).toMatchObject({ allowDownload: true, views: 0 });
};
const listsIt = (yes: boolean) => (res: TestResponse, item: { id: string }) =>
  expect(res.json.items.map((i: { id: string }) => i.id).includes(item.id)).toBe(yes);

const cases: Record<string, Case> = {
  "POST /api/media/{id}/shares": {
    request: ({ id }) => ({
      method: "POST",
      path: `/api/media/${id}/shares`,
      body: { email: stranger.email },
    }),
    status: managed(201),
    check: { shared: untouched, revoked: untouched, stranger: untouched },
  },
  "GET /api/media/{id}/shares": {
    request: ({ id }) => ({ method: "GET", path: `/api/media/${id}/shares` }),
    status: managed(200),
    check: { shared: (res) => expect(res.json.shares).toBeUndefined() },
  },
  "DELETE /api/media/{id}/shares/{userId}": {
    request: ({ id }) => ({ method: "DELETE", path: `/api/media/${id}/shares/${third.id}` }),
    status: managed(204),
    check: { shared: untouched, revoked: untouched, stranger: untouched, anonymous: untouched },
  },
  "GET /api/shared": {
    request: () => ({ method: "GET", path: "/api/shared?limit=100" }),
    status: { ...everyone(200), anonymous: 401 },
    check: {
      owner: listsIt(false),
      shared: listsIt(true),
      revoked: listsIt(false),
      stranger: listsIt(false),
    },
  },
  "POST /api/media/{id}/links": {
    request: ({ id }) => ({ method: "POST", path: `/api/media/${id}/links`, body: {} }),
    status: managed(201),
  },
  "GET /api/media/{id}/links": {
    request: ({ id }) => ({ method: "GET", path: `/api/media/${id}/links` }),
    status: managed(200),
    check: { owner: (res, item) => expect(res.json.links[0].token).toBe(item.token) },
  },
  "PATCH /api/media/{id}/links/{token}": {
    request: ({ id, token }) => ({
      method: "PATCH",
      path: `/api/media/${id}/links/${token}`,
      body: { allowDownload: false },
    }),
    status: managed(200),
    check: { shared: untouched, revoked: untouched, stranger: untouched, anonymous: untouched },
  },
  "DELETE /api/media/{id}/links/{token}": {
    request: ({ id, token }) => ({ method: "DELETE", path: `/api/media/${id}/links/${token}` }),
    status: managed(204),
    check: { shared: untouched, revoked: untouched, stranger: untouched, anonymous: untouched },
  },
  "GET /api/links": {
    request: () => ({ method: "GET", path: "/api/links?limit=100" }),
    status: { ...everyone(200), anonymous: 401 },
    check: {
      // Only the owner's own links, whoever else the item is shared with.
      owner: (res, item) =>
        expect(res.json.items.map((l: { token: string }) => l.token)).toContain(item.token),
      shared: (res) => expect(res.json.items).toEqual([]),
      revoked: (res) => expect(res.json.items).toEqual([]),
      stranger: (res) => expect(res.json.items).toEqual([]),
    },
  },
  "GET /api/links/{tokenOrSlug}": {
    request: ({ token }) => ({ method: "GET", path: `/api/links/${token}` }),
    status: everyone(200),
    check: { stranger: (res, item) => expect(res.json.media.id).toBe(item.id) },
  },
  "GET /api/links/{tokenOrSlug}/card": {
    request: ({ token }) => ({ method: "GET", path: `/api/links/${token}/card` }),
    status: everyone(302),
  },
  "GET /s/{tokenOrSlug}": {
    request: ({ token }) => ({ method: "GET", path: `/s/${token}` }),
    status: everyone(200),
  },
};

describe("every sharing route", () => {
  it("has a row in the table", () => {
    expect(Object.keys(cases).sort()).toEqual(shareRoutes.map(routeKey).sort());
  });

  const rows = Object.entries(cases).flatMap(([key, c]) =>
    (Object.keys(callers) as Who[]).map((who) => [key, who, c] as const),
  );
  it.each(rows)("%s as %s", async (_key, who, c) => {
    const item = await sharedItem();
    const { method, path, body } = c.request(item);
    const res = await stack.request(method, path, { token: callers[who](), body });
    expect(res.status, res.text).toBe(c.status[who]);
    await c.check?.[who]?.(res, item);
  });
});

describe("ids that name nothing", () => {
  const rows = [
    ["POST", "/api/media/med_01JZZZZZZZZZZZZZZZZZZZZZZZ/shares", { email: "x@example.com" }, 404],
    ["POST", "/api/media/usr_01JZZZZZZZZZZZZZZZZZZZZZZZ/shares", { email: "x@example.com" }, 400],
    ["DELETE", "/api/media/med_01JZZZZZZZZZZZZZZZZZZZZZZZ/shares/not-a-user", undefined, 400],
    ["GET", "/api/media/med_01JZZZZZZZZZZZZZZZZZZZZZZZ/links", undefined, 404],
    ["PATCH", "/api/media/med_01JZZZZZZZZZZZZZZZZZZZZZZZ/links/abc", { maxViews: 2 }, 404],
    ["DELETE", "/api/media/med_01JZZZZZZZZZZZZZZZZZZZZZZZ/links/%00", undefined, 400],
    ["GET", "/api/shared?limit=0", undefined, 400],
    ["GET", "/api/shared?cursor=%7B%7D", undefined, 400],
    ["GET", "/s/..%2Fetc", undefined, 400],
  ] as const;
  it.each(rows)("%s %s answers %i-ish, never 500", async (method, path, body, status) => {
    const res = await stack.request(method, path, { token: owner.token, body });
    expect(res.status, res.text).toBe(status);
  });

  it("a link of another item answers 404 to its owner's PATCH and DELETE", async () => {
    const [a, b] = await Promise.all([sharedItem(), sharedItem()]);
    for (const method of ["PATCH", "DELETE"]) {
      const res = await stack.request(method, `/api/media/${a.id}/links/${b.token}`, {
        token: owner.token,
        ...(method === "PATCH" ? { body: { maxViews: 1 } } : {}),
      });
      expect(res.status).toBe(404);
    }
  });
});
