/**
 * The gallery through the API: pages, `until`, the timeline, edits and bulk deletes, and
 * every malformed query answered 400, never 500.
 */
import { Media } from "@sharespace/core/media";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../../local/test/stack";
import { created, makeReady, signUp, type TestUser } from "./support/media";

let stack: TestStack;
let ada: TestUser;
let bob: TestUser;
const items: { id: string; takenAt: string }[] = [];
const times = [
  "2025-03-01T10:00:00.000Z",
  "2025-03-01T10:00:00.000Z",
  "2025-03-01T10:00:00.000Z",
  "2025-02-14T08:00:00.000Z",
  "2024-12-31T23:59:59.999Z",
  "2024-12-31T23:59:59.999Z",
  "2024-07-04T00:00:00.000Z",
  "2023-01-01T00:00:00.000Z",
  "2021-05-05T05:05:05.005Z",
];

beforeAll(async () => {
  // Processing is not under test: items are made ready through core.
  stack = await createTestStack({ handlers: { Process: async () => {} } });
  [ada, bob] = await Promise.all([signUp(stack, "Ada"), signUp(stack, "Bob")]);
  for (const lastModified of times) {
    const { media } = await created(stack, ada, { lastModified });
    await makeReady(media);
    items.push({ id: media.id, takenAt: lastModified });
  }
});
afterAll(() => stack?.close());

const newestFirst = (a: { id: string; takenAt: string }, b: { id: string; takenAt: string }) =>
  b.takenAt.localeCompare(a.takenAt) || b.id.localeCompare(a.id);

async function walk(user: TestUser, query: string) {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const sep = query ? "&" : "";
    const url: string = `/api/media?${query}${sep}${cursor ? `cursor=${encodeURIComponent(cursor)}` : ""}`;
    const res = await stack.request("GET", url, { token: user.token });
    expect(res.status, res.text).toBe(200);
    ids.push(...res.json.items.map((i: Media.Info) => i.id));
    cursor = res.json.nextCursor;
  } while (cursor);
  return ids;
}

describe("GET /api/media", () => {
  it("pages through every item exactly once, newest first", async () => {
    expect(await walk(ada, "limit=2")).toEqual([...items].sort(newestFirst).map((i) => i.id));
    expect(await walk(ada, "")).toEqual([...items].sort(newestFirst).map((i) => i.id));
  });

  it("starts at until, which agrees with the timeline", async () => {
    const timeline = await stack.request("GET", "/api/media/timeline", { token: ada.token });
    expect(timeline.json.months).toEqual([
      { month: "2025-03", count: 3 },
      { month: "2025-02", count: 1 },
      { month: "2024-12", count: 2 },
      { month: "2024-07", count: 1 },
      { month: "2023-01", count: 1 },
      { month: "2021-05", count: 1 },
    ]);
    const until = "2024-12-31T23:59:59.999Z";
    const ids = await walk(ada, `limit=3&until=${encodeURIComponent(until)}`);
    expect(ids).toEqual(
      items
        .filter((i) => i.takenAt <= until)
        .sort(newestFirst)
        .map((i) => i.id),
    );
    const listedCount = ids.length;
    const counted = timeline.json.months
      .filter((m: { month: string }) => m.month <= "2024-12")
      .reduce((sum: number, m: { count: number }) => sum + m.count, 0);
    expect(listedCount).toBe(counted);
  });

  it.each([
    ["a garbage cursor", "cursor=garbage!!"],
    ["a cursor of JSON nonsense", `cursor=${Buffer.from('{"pk":1}').toString("base64url")}`],
    ["limit=0", "limit=0"],
    ["limit=101", "limit=101"],
    ["limit=abc", "limit=abc"],
    ["limit=1e2", "limit=1e2"],
    ["a garbage until", "until=last-tuesday"],
    ["an unknown parameter", "owner=usr_x"],
  ])("answers 400 to %s", async (_label, query) => {
    const res = await stack.request("GET", `/api/media?${query}`, { token: ada.token });
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.code).toBe("invalid_request");
  });

  it("answers 400 to another user's cursor", async () => {
    const page = await stack.request("GET", "/api/media?limit=1", { token: ada.token });
    const res = await stack.request(
      "GET",
      `/api/media?cursor=${encodeURIComponent(page.json.nextCursor)}`,
      { token: bob.token },
    );
    expect(res.status).toBe(400);
  });
});

describe("PATCH /api/media/{id}", () => {
  it("counts characters, not UTF-16 units, and keeps line breaks in a description", async () => {
    const res = await stack.request("PATCH", `/api/media/${items[1]?.id}`, {
      token: ada.token,
      body: { title: "🌊".repeat(200), description: "First line\nsecond line\tend" },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json.media.description).toBe("First line\nsecond line\tend");
  });

  it("changes title, description and takenAt, and the timeline follows", async () => {
    const user = await signUp(stack, "Editor");
    const { media } = await created(stack, user, { lastModified: "2020-01-01T00:00:00Z" });
    await makeReady(media);
    const res = await stack.request("PATCH", `/api/media/${media.id}`, {
      token: user.token,
      body: { title: "  Dune  ", description: "Sand.", takenAt: "2019-09-09T09:09:09+02:00" },
    });
    expect(res.status).toBe(200);
    expect(res.json.media).toMatchObject({
      title: "Dune",
      description: "Sand.",
      takenAt: "2019-09-09T07:09:09.000Z",
    });
    const timeline = await stack.request("GET", "/api/media/timeline", { token: user.token });
    expect(timeline.json.months).toEqual([{ month: "2019-09", count: 1 }]);
  });

  it.each([
    ["nothing to change", {}],
    ["an unknown field", { status: "ready" }],
    ["a title over 200 characters", { title: "x".repeat(201) }],
    ["a description over 2000 characters", { description: "x".repeat(2001) }],
    ["a takenAt that is no time", { takenAt: "soon" }],
    ["a title with a line break", { title: "two\nlines" }],
    ["a title that reads backwards", { title: "photo\u202Egpj.exe" }],
    ["a description with an escape character", { description: "bell\u0007" }],
    ["a lone surrogate", { title: "half \ud83d" }],
  ])("answers 400 to %s", async (_label, body) => {
    const res = await stack.request("PATCH", `/api/media/${items[0]?.id}`, {
      token: ada.token,
      body,
    });
    expect(res.status).toBe(400);
  });
});

describe("POST /api/media/delete", () => {
  it("deletes the caller's items, reports the rest as notFound, and usage drops", async () => {
    const user = await signUp(stack, "Bulk");
    const mine: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { media } = await created(stack, user, { size: 100 + i });
      await makeReady(media);
      mine.push(media.id);
    }
    const res = await stack.request("POST", "/api/media/delete", {
      token: user.token,
      body: { ids: [...mine, items[0]?.id, "nonsense"] },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ deleted: mine, notFound: [items[0]?.id, "nonsense"] });
    expect((await stack.request("GET", "/api/me", { token: user.token })).json.usage).toEqual({
      bytes: 0,
      count: 0,
    });
    expect(await Media.read(items[0]?.id ?? "")).toBeDefined();
  });

  it.each([
    ["no ids", { ids: [] }],
    ["101 ids", { ids: Array.from({ length: 101 }, (_, i) => `med_${i}`) }],
    ["ids that are not strings", { ids: [1, 2] }],
  ])("answers 400 to %s", async (_label, body) => {
    const res = await stack.request("POST", "/api/media/delete", { token: ada.token, body });
    expect(res.status).toBe(400);
  });
});

describe("DELETE /api/media/{id}", () => {
  it("keeps usage consistent under a burst of parallel deletes of one item", async () => {
    const user = await signUp(stack, "Burst");
    const { media } = await created(stack, user, { size: 5000 });
    await makeReady(media);
    const keep = await created(stack, user, { size: 70 });
    await makeReady(keep.media);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        stack.request("DELETE", `/api/media/${media.id}`, { token: user.token }),
      ),
    );
    for (const res of answers) expect([204, 404]).toContain(res.status);
    expect(answers.some((res) => res.status === 204)).toBe(true);
    const me = await stack.request("GET", "/api/me", { token: user.token });
    expect(me.json.usage).toEqual({ bytes: 70, count: 1 });
    expect((await Media.usage(user.id)).reservedBytes).toBe(70);
    const timeline = await stack.request("GET", "/api/media/timeline", { token: user.token });
    expect(timeline.json.months.reduce((n: number, m: { count: number }) => n + m.count, 0)).toBe(
      1,
    );
  });
});
