/**
 * Links through the API: the view cap under concurrent opens, visits that renew without
 * counting, password throttling, slug races, expiry (injected clock), revocation, PATCH,
 * what a visitor's URLs point to (never location), and links ending with their item.
 */
import { db } from "@sharespace/core/db";
import { limits } from "@sharespace/core/limits";
import { Storage } from "@sharespace/core/storage";
import { clock } from "@sharespace/core/time";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { TestStack } from "../../local/test/stack";
import { createTestStack } from "../../local/test/stack";
import { hasGps, jpegWithGps, withoutMetadata } from "./support/gps";
import { created, makeReady, putBytes, readyItem, sha256 } from "./support/media";
import { link, type Person, person, visit } from "./support/share";

let stack: TestStack;
let alice: Person;
let bob: Person;
beforeAll(async () => {
  // Bursts of conditional writes to one item (20 opens of a capped link) take DynamoDB Local
  // seconds on a busy machine, past the client's budget: a write that applied then times
  // out and its retry counts twice. DynamoDB answers them at once (see `clients.ts`).
  stack = await createTestStack({
    handlers: { Process: async () => {} },
    handlerEnv: { SHARESPACE_DYNAMODB_TIMEOUT_MS: "20000" },
  });
  [alice, bob] = await Promise.all([person(stack, "Alice"), person(stack, "Bob")]);
});
afterAll(() => stack?.close());
const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});

const stored = async (token: string) =>
  (await db().entities.link.get({ token }).go({ consistent: true })).data;

describe("the view cap", () => {
  it("lets exactly 10 of 20 concurrent opens of a link capped at 10 through", async () => {
    const media = await readyItem(stack, alice);
    const { token } = await link(stack, alice, media.id, { maxViews: 10 });
    // Each visitor tries again after a 503, as a client should: on a loaded machine the
    // local database can stall past the client's budget.
    const open = async () => {
      for (let attempt = 0; ; attempt++) {
        const res = await visit(stack, token);
        if (res.status !== 503 || attempt === 3) return res;
      }
    };
    const answers = await Promise.all(Array.from({ length: 20 }, open));
    const statuses = answers.map((res) => res.status).sort();
    const others = answers.filter((res) => res.status !== 200 && res.status !== 410);
    expect(
      statuses.filter((s) => s === 200),
      JSON.stringify([statuses, others.map((res) => res.text)]),
    ).toHaveLength(10);
    expect(statuses.filter((s) => s === 410)).toHaveLength(10);
    for (const res of answers.filter((r) => r.status === 410)) {
      expect(res.json.error.code).toBe("link_exhausted");
    }
    expect((await stored(token))?.views).toBe(10);
  });

  it("renews with a visit id of the last 30 minutes without counting; a forged one counts", async () => {
    const media = await readyItem(stack, alice);
    const { token } = await link(stack, alice, media.id, { maxViews: 2 });
    const first = await visit(stack, token);
    expect(first.status).toBe(200);
    const start = Date.now();
    clock.now = () => start + 29 * 60 * 1000;
    for (let i = 0; i < 3; i++) {
      const renewed = await visit(stack, token, { visit: first.json.visit });
      expect(renewed.status, renewed.text).toBe(200);
    }
    expect((await stored(token))?.views).toBe(1);
    // The last renewal moved the visit on; 31 minutes after it, it counts again.
    const forged = await visit(stack, token, { visit: "AAAAAAAAAAAAAAAAAAAAAA" });
    expect(forged.status).toBe(200);
    expect((await stored(token))?.views).toBe(2);
    // The cap is reached: a new visitor is refused, the visitor renewing is not.
    expect((await visit(stack, token)).status).toBe(410);
    expect((await visit(stack, token, { visit: first.json.visit })).status).toBe(200);
    clock.now = () => start + 29 * 60 * 1000 + 31 * 60 * 1000;
    const stale = await visit(stack, token, { visit: first.json.visit });
    expect(stale.status).toBe(410);
    expect(stale.json.error.code).toBe("link_exhausted");
  });

  it("counts a visit id of another link as a new view", async () => {
    const media = await readyItem(stack, alice);
    const one = await link(stack, alice, media.id);
    const other = await link(stack, alice, media.id);
    const first = await visit(stack, one.token);
    await visit(stack, other.token, { visit: first.json.visit });
    expect((await stored(other.token))?.views).toBe(1);
  });
});

describe("a password", () => {
  /**
   * Freezes core's clock (the handlers run in this process) in the middle of a throttle
   * window: the windows are fixed, and a test straddling two would see its count start over.
   */
  function freeze() {
    const length = limits.link.wrongPasswordWindowSeconds * 1000;
    const start = Math.floor(realNow() / length) * length + length / 2;
    clock.now = () => start;
    return start;
  }

  it("gets no more than 10 checks from a burst of 30 parallel wrong guesses", async () => {
    const media = await readyItem(stack, alice);
    const { token } = await link(stack, alice, media.id, { password: "tulip fields" });
    freeze();
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => visit(stack, token, { password: `burst ${i}` })),
    );
    const statuses = answers.map((res) => res.status);
    // Each check reserves its slot before the password is verified: exactly 10 get one.
    expect(statuses.filter((status) => status === 401).length).toBe(10);
    expect(statuses.filter((status) => status !== 401 && status !== 429)).toEqual([]);
    expect((await visit(stack, token, { password: "tulip fields" })).status).toBe(429);
  }, 120_000);

  it("is asked for, checked, and throttled after 10 wrong tries per link", async () => {
    const media = await readyItem(stack, alice);
    const { token } = await link(stack, alice, media.id, { password: "tulip fields" });
    const missing = await visit(stack, token);
    expect([missing.status, missing.json.error.code]).toEqual([401, "password_required"]);
    const right = await visit(stack, token, { password: "tulip fields" });
    expect(right.status).toBe(200);
    const other = await link(stack, alice, media.id, { password: "tulip fields" });
    const start = freeze();
    for (let i = 0; i < 10; i++) {
      const wrong = await visit(stack, token, { password: `guess ${i}` });
      expect([wrong.status, wrong.json.error.code]).toEqual([401, "invalid_password"]);
    }
    const limited = await visit(stack, token, { password: "tulip fields" });
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe("rate_limited");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(limited.headers["retry-after"])).toBeLessThanOrEqual(15 * 60);
    // Per link: another link with the same password still opens.
    expect((await visit(stack, other.token, { password: "tulip fields" })).status).toBe(200);
    // 15 minutes on, the window has passed.
    clock.now = () => start + 15 * 60 * 1000 + 1000;
    expect((await visit(stack, token, { password: "tulip fields" })).status).toBe(200);
    const hash = (await stored(token))?.passwordHash;
    expect(hash).toMatch(/^scrypt\$/);
    expect(
      JSON.stringify(await visit(stack, other.token, { password: "tulip fields" })),
    ).not.toContain("scrypt");
  }, 180_000); // fifteen password derivations of about 330 ms each, on a shared machine
});

describe("a slug", () => {
  it("is unique under two racing creations, opens the link, and is freed by a revoke", async () => {
    const [mine, theirs] = await Promise.all([readyItem(stack, alice), readyItem(stack, bob)]);
    const slug = `race-${Date.now()}`;
    const answers = await Promise.all([
      stack.request("POST", `/api/media/${mine.id}/links`, { token: alice.token, body: { slug } }),
      stack.request("POST", `/api/media/${theirs.id}/links`, { token: bob.token, body: { slug } }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    const lost = answers.find((r) => r.status === 409);
    expect(lost?.json.error.code).toBe("slug_taken");
    const won = answers.find((r) => r.status === 201)?.json.link;
    expect(won.url).toMatch(new RegExp(`/s/${slug}$`));
    const opened = await visit(stack, slug);
    expect(opened.status).toBe(200);
    const winner = won.mediaId === mine.id ? alice : bob;
    const del = await stack.request("DELETE", `/api/media/${won.mediaId}/links/${won.token}`, {
      token: winner.token,
    });
    expect(del.status).toBe(204);
    expect((await visit(stack, slug)).status).toBe(404);
    const again = await stack.request("POST", `/api/media/${mine.id}/links`, {
      token: alice.token,
      body: { slug },
    });
    expect(again.status).toBe(201);
  });

  it("refuses a malformed slug with 400", async () => {
    const media = await readyItem(stack, alice);
    for (const slug of ["AB", "Has Caps", "x".repeat(65), "a/b", "ab", ""]) {
      const res = await stack.request("POST", `/api/media/${media.id}/links`, {
        token: alice.token,
        body: { slug },
      });
      expect(res.status, slug).toBe(400);
    }
  });
});

describe("expiry, revocation and PATCH", () => {
  it("answers 410 link_expired once the expiry passes, and sets the TTL", async () => {
    const media = await readyItem(stack, alice);
    const start = Date.now();
    clock.now = () => start;
    const { token } = await link(stack, alice, media.id, { expiresInSeconds: 60 });
    expect((await stored(token))?.expiresAt).toBe(Math.ceil((start + 60_000) / 1000));
    clock.now = () => start + 59_000;
    expect((await visit(stack, token)).status).toBe(200);
    clock.now = () => start + 60_000;
    const res = await visit(stack, token);
    expect([res.status, res.json.error.code]).toEqual([410, "link_expired"]);
  });

  it("refuses expiries outside 60 s to a year, and other bad policies, with 400", async () => {
    const media = await readyItem(stack, alice);
    const bad = [
      { expiresInSeconds: 59 },
      { expiresInSeconds: 365 * 24 * 3600 + 1 },
      { expiresInSeconds: 1.5 },
      { maxViews: 0 },
      { maxViews: 1_000_001 },
      { password: "abc" },
      { allowDownload: "yes" },
      { owner: "me" },
    ];
    for (const body of bad) {
      const res = await stack.request("POST", `/api/media/${media.id}/links`, {
        token: alice.token,
        body,
      });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });

  it("stops a revoked link at once", async () => {
    const media = await readyItem(stack, alice);
    const { token } = await link(stack, alice, media.id);
    const first = await visit(stack, token);
    expect(first.status).toBe(200);
    await stack.request("DELETE", `/api/media/${media.id}/links/${token}`, { token: alice.token });
    expect((await visit(stack, token)).status).toBe(404);
    expect((await visit(stack, token, { visit: first.json.visit })).status).toBe(404);
    expect((await stack.request("GET", `/api/links/${token}/card`)).status).toBe(404);
  });

  it("applies a PATCH at once: cap, password, download, slug", async () => {
    const media = await readyItem(stack, alice);
    const slug = `patch-${Date.now()}`;
    const { token } = await link(stack, alice, media.id, { password: "first one", slug });
    expect((await visit(stack, token, { password: "first one" })).status).toBe(200);
    const patch = (body: unknown) =>
      stack.request("PATCH", `/api/media/${media.id}/links/${token}`, {
        token: alice.token,
        body,
      });
    const changed = await patch({ maxViews: 1, password: null, allowDownload: false });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json.link).toMatchObject({
      maxViews: 1,
      views: 1,
      hasPassword: false,
      allowDownload: false,
      state: "exhausted",
    });
    const refused = await visit(stack, token);
    expect(refused.json.error.code).toBe("link_exhausted");
    await patch({ maxViews: null });
    const open = await visit(stack, slug);
    expect(open.status).toBe(200);
    expect(open.json.media.urls.download).toBeUndefined();
    const renamed = await patch({ slug: `${slug}-b` });
    expect(renamed.json.link.url).toMatch(new RegExp(`/s/${slug}-b$`));
    expect((await visit(stack, slug)).status).toBe(404);
    expect((await visit(stack, `${slug}-b`)).status).toBe(200);
    await patch({ password: "second one" });
    expect((await visit(stack, token, { password: "first one" })).status).toBe(401);
    expect((await visit(stack, token, { password: "second one" })).status).toBe(200);
  }, 90_000); // five password derivations
});

describe("all my links", () => {
  it("lists the caller's links across items, newest first, page by page; a forged cursor is 400", async () => {
    const owner = await person(stack, "Lister");
    const [first, second] = [await readyItem(stack, owner), await readyItem(stack, owner)];
    const made = [];
    for (const [i, media] of [first, first, second].entries()) {
      clock.now = () => Date.parse("2026-11-25T10:00:00.000Z") + i * 1000;
      made.push((await link(stack, owner, media.id)).token);
    }
    clock.now = realNow;
    const list = (query: string) =>
      stack.request("GET", `/api/links${query}`, { token: owner.token });

    const one = await list("?limit=2");
    expect(one.status, one.text).toBe(200);
    expect(one.json.items.map((l: { token: string }) => l.token)).toEqual([made[2], made[1]]);
    expect(one.json.items[0]).toMatchObject({ mediaId: second.id, views: 0, state: "active" });
    const two = await list(`?limit=2&cursor=${one.json.nextCursor}`);
    expect(two.json.items.map((l: { token: string }) => l.token)).toEqual([made[0]]);
    expect(two.json.nextCursor).toBeNull();

    // Bob's cursor is not a way into Alice's links, and garbage is refused.
    const other = await stack.request("GET", `/api/links?limit=1&cursor=${one.json.nextCursor}`, {
      token: bob.token,
    });
    expect(other.status).toBe(400);
    expect((await list("?cursor=not-a-cursor")).json.error.code).toBe("invalid_request");
    expect((await list("?limit=0")).status).toBe(400);
  });
});

describe("what a visitor gets", () => {
  it("URLs of at most 10 minutes, no owner, and no download when the link forbids it", async () => {
    const media = await readyItem(stack, alice, { contentType: "video/mp4", filename: "a.mp4" });
    const { token } = await link(stack, alice, media.id, { allowDownload: false });
    const res = await visit(stack, token);
    expect(res.json.media.ownerId).toBeUndefined();
    expect(res.json.media.urls.download).toBeUndefined();
    const expires = new URL(res.json.media.urls.original).searchParams.get("X-Amz-Expires");
    expect(Number(expires)).toBeLessThanOrEqual(600);
    expect(res.json.allowDownload).toBe(false);
  });

  it("never location: the clean copy of a photo with GPS, or nothing full-size", async () => {
    const bytes = await jpegWithGps();
    expect(await hasGps(bytes)).toBe(true);
    const { media, upload } = await created(stack, alice, {
      size: bytes.length,
      checksum: sha256(bytes),
    });
    await putBytes(upload, bytes);
    // Process is not under test here: the clean copy is written as it writes it.
    await Storage.derived.write(
      alice.id,
      media.id,
      "clean",
      await withoutMetadata(bytes),
      "image/jpeg",
    );
    await makeReady(media, { size: bytes.length, gps: true, derivatives: ["clean"] });
    const { token } = await link(stack, alice, media.id);
    const res = await visit(stack, token);
    for (const url of [res.json.media.urls.original, res.json.media.urls.download]) {
      expect(new URL(url).pathname).toContain(`/derived/${alice.id}/${media.id}/clean`);
      const served = new Uint8Array(await (await fetch(url)).arrayBuffer());
      expect(await hasGps(served)).toBe(false);
    }
    // The owner keeps the untouched original.
    const own = await stack.request("GET", `/api/media/${media.id}`, { token: alice.token });
    const original = new Uint8Array(
      await (await fetch(own.json.media.urls.original)).arrayBuffer(),
    );
    expect(await hasGps(original)).toBe(true);

    // Without a clean copy yet, a visitor gets no full-size file at all.
    const pending = await readyItem(stack, alice, {}, { gps: true, derivatives: ["preview"] });
    const other = await link(stack, alice, pending.id);
    const urls = (await visit(stack, other.token)).json.media.urls;
    expect(urls.original).toBeUndefined();
    expect(urls.download).toBeUndefined();
    expect(urls.preview).toBeDefined();
  });
});

describe("deleting the item", () => {
  it("ends its links: they answer 404 and their records are gone", async () => {
    const media = await readyItem(stack, alice);
    const slug = `gone-${Date.now()}`;
    const { token } = await link(stack, alice, media.id, { slug });
    const first = await visit(stack, token);
    await stack.request("DELETE", `/api/media/${media.id}`, { token: alice.token });
    expect((await visit(stack, token)).status).toBe(404);
    expect((await visit(stack, slug)).status).toBe(404);
    expect((await visit(stack, token, { visit: first.json.visit })).status).toBe(404);
    expect(await stored(token)).toBeNull();
    expect((await db().entities.slug.get({ slug }).go()).data).toBeNull();
  });

  it("fails a link read that races the delete: the item is checked on every open", async () => {
    const media = await readyItem(stack, alice);
    const { token } = await link(stack, alice, media.id);
    // The item is gone, its link not yet (the moment between the two writes of a delete).
    await db().entities.media.delete({ mediaId: media.id }).go();
    expect((await visit(stack, token)).status).toBe(404);
    expect(await stored(token)).toBeNull();
    const made = await stack.request("POST", `/api/media/${media.id}/links`, {
      token: alice.token,
      body: {},
    });
    expect(made.status).toBe(404);
  });
});

describe("input that names nothing", () => {
  it.each([
    ["a path", "..%2F..%2Fetc"],
    ["too long", "a".repeat(65)],
    ["Unicode", encodeURIComponent("☃☃☃")],
    ["too short", "ab"],
  ])("a token that is %s answers 400, never 500", async (_label, token) => {
    expect((await visit(stack, token)).status).toBe(400);
    expect((await stack.request("GET", `/api/links/${token}/card`)).status).toBe(400);
  });

  it("an unknown token or slug answers 404; a huge password header 401", async () => {
    expect((await visit(stack, "Zz_unknown-token-000000")).status).toBe(404);
    expect((await visit(stack, "no-such-slug")).status).toBe(404);
    const media = await readyItem(stack, alice);
    const { token } = await link(stack, alice, media.id, { password: "secret!" });
    const res = await visit(stack, token, { password: "x".repeat(4000) });
    expect([res.status, res.json.error.code]).toEqual([401, "invalid_password"]);
  }, 60_000);
});
