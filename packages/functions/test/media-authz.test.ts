/**
 * Who may call each media route: the owner; another user (404 for anything of the owner's,
 * as if it did not exist); nobody signed in (401 from the authorizer, before the function).
 * `shared` is a user the item is shared with (the share is made before the call): they may
 * read it (200), not change it (403).
 */
import { Media } from "@sharespace/core/media";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestResponse, TestStack } from "../../local/test/stack";
import { createTestStack } from "../../local/test/stack";
import { routeKey } from "../src/routes";
import { mediaRoutes } from "../src/routes/media";
import { created, readyItem, signUp, type TestUser } from "./support/media";
import { person, share } from "./support/share";

let stack: TestStack;
let owner: TestUser;
let stranger: TestUser;
let friend: TestUser & { email: string };
beforeAll(async () => {
  // Processing is not under test: items are made ready through core.
  stack = await createTestStack({ handlers: { Process: async () => {} } });
  [owner, stranger, friend] = await Promise.all([
    signUp(stack, "Owner"),
    signUp(stack, "Stranger"),
    person(stack, "Friend"),
  ]);
});
afterAll(() => stack?.close());

type Who = "owner" | "stranger" | "anonymous" | "shared";

/** One route: the owner's item it acts on, the request, and what each caller gets. */
interface Case {
  /** Makes the owner's item; answers the request to send. */
  setup(): Promise<{ id: string; method: string; path: string; body?: unknown }>;
  status: Record<Who, number>;
  /** More to check for a caller, beyond the status. */
  check?: Partial<Record<Who, (res: TestResponse, id: string) => void | Promise<void>>>;
}

const MiB = 1024 ** 2;
const multipart = () => created(stack, owner, { contentType: "video/mp4", size: 100 * MiB });
const on = (method: string, path: (id: string) => string, body?: unknown) =>
  async function setup(
    this: void,
    make: () => Promise<{ id: string }> = () => readyItem(stack, owner),
  ) {
    const { id } = await make();
    return { id, method, path: path(id), body };
  };
const item = (make: () => Promise<{ media: Media.Info }>) => async () => (await make()).media;

/** The owner's item is untouched by somebody else's call. */
const untouched = async (_res: TestResponse, id: string) => {
  expect(await Media.read(id)).toMatchObject({ mediaId: id, title: "" });
};

const cases: Record<string, Case> = {
  "POST /api/media": {
    setup: async () => ({
      id: "",
      method: "POST",
      path: "/api/media",
      body: { filename: "a.jpg", contentType: "image/jpeg", size: 10 },
    }),
    // Anyone signed in may start an upload of their own.
    status: { owner: 201, stranger: 201, anonymous: 401, shared: 201 },
  },
  "POST /api/media/{id}/upload/parts": {
    setup: () =>
      on("POST", (id) => `/api/media/${id}/upload/parts`, { partNumbers: [1] })(item(multipart)),
    status: { owner: 200, stranger: 404, anonymous: 401, shared: 403 },
    check: { stranger: untouched },
  },
  "GET /api/media/{id}/upload/parts": {
    setup: () => on("GET", (id) => `/api/media/${id}/upload/parts`)(item(multipart)),
    status: { owner: 200, stranger: 404, anonymous: 401, shared: 403 },
  },
  "POST /api/media/{id}/upload/complete": {
    setup: () => on("POST", (id) => `/api/media/${id}/upload/complete`, {})(item(multipart)),
    // The owner gets past authorization to the parts check: S3 holds none of them yet.
    status: { owner: 400, stranger: 404, anonymous: 401, shared: 403 },
    check: { stranger: untouched },
  },
  "DELETE /api/media/{id}/upload": {
    setup: () => on("DELETE", (id) => `/api/media/${id}/upload`)(item(multipart)),
    status: { owner: 204, stranger: 404, anonymous: 401, shared: 403 },
    check: { stranger: untouched, anonymous: untouched },
  },
  "POST /api/media/{id}/poster": {
    setup: () =>
      on("POST", (id) => `/api/media/${id}/poster`, { contentType: "image/webp", size: 100 })(() =>
        readyItem(stack, owner, { contentType: "video/mp4" }),
      ),
    status: { owner: 201, stranger: 404, anonymous: 401, shared: 403 },
  },
  "GET /api/media": {
    setup: () => on("GET", () => "/api/media?limit=100")(),
    status: { owner: 200, stranger: 200, anonymous: 401, shared: 200 },
    check: {
      owner: (res, id) => expect(res.json.items.map((i: Media.Info) => i.id)).toContain(id),
      stranger: (res, id) => expect(res.json.items.map((i: Media.Info) => i.id)).not.toContain(id),
    },
  },
  "GET /api/media/timeline": {
    setup: () => on("GET", () => "/api/media/timeline")(),
    status: { owner: 200, stranger: 200, anonymous: 401, shared: 200 },
    check: {
      owner: (res) => expect(res.json.months.length).toBeGreaterThan(0),
      stranger: (res) => expect(res.json.months).toEqual([]),
    },
  },
  "GET /api/media/{id}": {
    setup: () => on("GET", (id) => `/api/media/${id}`)(),
    status: { owner: 200, stranger: 404, anonymous: 401, shared: 200 },
    check: { stranger: (res) => expect(res.json.error.code).toBe("not_found") },
  },
  "PATCH /api/media/{id}": {
    setup: () => on("PATCH", (id) => `/api/media/${id}`, { title: "Mine now" })(),
    status: { owner: 200, stranger: 404, anonymous: 401, shared: 403 },
    check: { stranger: untouched, anonymous: untouched, shared: untouched },
  },
  "DELETE /api/media/{id}": {
    setup: () => on("DELETE", (id) => `/api/media/${id}`)(),
    status: { owner: 204, stranger: 404, anonymous: 401, shared: 403 },
    check: { stranger: untouched, anonymous: untouched, shared: untouched },
  },
  "POST /api/media/delete": {
    setup: async () => {
      const { id } = await readyItem(stack, owner);
      return { id, method: "POST", path: "/api/media/delete", body: { ids: [id] } };
    },
    status: { owner: 200, stranger: 200, anonymous: 401, shared: 200 },
    check: {
      owner: (res, id) => expect(res.json).toEqual({ deleted: [id], notFound: [] }),
      stranger: async (res, id) => {
        expect(res.json).toEqual({ deleted: [], notFound: [id] });
        await untouched(res, id);
      },
    },
  },
};

const callers: Record<Who, () => string | undefined> = {
  owner: () => owner.token,
  stranger: () => stranger.token,
  anonymous: () => undefined,
  shared: () => friend.token,
};

describe("every media route", () => {
  it("has a row in the table", () => {
    expect(Object.keys(cases).sort()).toEqual(mediaRoutes.map(routeKey).sort());
  });

  const rows = Object.entries(cases).flatMap(([key, c]) =>
    (Object.keys(callers) as Who[]).map((who) => [key, who, c] as const),
  );
  it.each(rows)("%s as %s", async (_key, who, c) => {
    const { id, method, path, body } = await c.setup();
    if (who === "shared" && id) {
      expect((await share(stack, owner, id, friend.email)).status).toBe(201);
    }
    const res = await stack.request(method, path, { token: callers[who](), body });
    expect(res.status, res.text).toBe(c.status[who]);
    await c.check?.[who]?.(res, id);
  });
});

describe("ids that name nothing", () => {
  const routesWithId = mediaRoutes.filter((route) => route.path.includes("{id}"));
  const bodyOf: Record<string, unknown> = {
    "POST /api/media/{id}/upload/parts": { partNumbers: [1] },
    "POST /api/media/{id}/upload/complete": {},
    "POST /api/media/{id}/poster": { contentType: "image/webp", size: 10 },
    "PATCH /api/media/{id}": { title: "x" },
  };
  const rows = routesWithId.flatMap((route) =>
    (
      [
        ["a well-formed unknown id", "med_01JZZZZZZZZZZZZZZZZZZZZZZZ", 404],
        ["another kind of id", "usr_01JZZZZZZZZZZZZZZZZZZZZZZZ", 400],
        ["a lower-case id", "med_01jzzzzzzzzzzzzzzzzzzzzzzz", 400],
        ["a path", "../../etc/passwd", 400],
        ["a NUL", "med_\u0000", 400],
        ["a very long id", "med_".padEnd(2000, "A"), 400],
        ["Unicode", "méd_☃", 400],
      ] as [string, string, number][]
    ).map(([label, id, status]) => [routeKey(route), label, id, status] as const),
  );
  it.each(rows)("%s with %s answers %i, never 500", async (key, _label, id, status) => {
    const [method, path] = key.split(" ") as [string, string];
    const res = await stack.request(method, path.replace("{id}", encodeURIComponent(id)), {
      token: owner.token,
      body: bodyOf[key],
    });
    expect(res.status, res.text).toBe(status);
  });
});
