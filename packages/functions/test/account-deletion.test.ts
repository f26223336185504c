/**
 * `DELETE /api/me`: at once, no sign-in, no session, and the email free to sign up again;
 * then the Purge worker (through the local queue, as deployed) removes the account's media,
 * objects, shares made and received, links and slugs. Proven by scanning the whole table
 * and listing the bucket. The purge runs in bounded batches, each handing on to the next.
 */
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { purgeAccount } from "@sharespace/core/account/purge";
import { dynamo } from "@sharespace/core/clients";
import { db } from "@sharespace/core/db";
import { ObjectKey, Storage } from "@sharespace/core/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestStack } from "../../local/test/stack";
import { createTestStack } from "../../local/test/stack";
import { created, makeReady, putBytes, readyItem, sha256, uniqueBytes } from "./support/media";
import { link, type Person, person, share, visit } from "./support/share";

let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack({ handlers: { Process: async () => {} } });
});
afterAll(() => stack?.close());

/** Every item of the table (the test's own table: a Scan is fine here, never in the app). */
async function scanTable(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new ScanCommand({ TableName: stack.tableName, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

async function keysOf(ownerId: string): Promise<string[]> {
  const keys: string[] = [];
  for (const prefix of ObjectKey.ownerPrefixes(ownerId)) {
    for await (const page of Storage.keysUnder(prefix)) keys.push(...page);
  }
  return keys;
}

/** An item with its bytes in the bucket and a preview, ready. */
async function storedItem(owner: Person) {
  const bytes = uniqueBytes(2000);
  const { media, upload } = await created(stack, owner, {
    size: bytes.length,
    checksum: sha256(bytes),
  });
  await putBytes(upload, bytes);
  await Storage.derived.write(owner.id, media.id, "preview", bytes, "image/webp");
  await makeReady(media, { size: bytes.length, derivatives: ["preview"] });
  return media;
}

describe("DELETE /api/me", () => {
  it("ends sign-in at once, frees the email, and leaves nothing of the account", async () => {
    const [alice, bob] = await Promise.all([person(stack, "Alice"), person(stack, "Bob")]);
    const login = await stack.client().request("POST", "/api/auth/login", {
      body: { email: alice.email, password: "violet-harbour-42" },
    });
    const refreshCookie = login.cookies.ss_refresh ?? "";
    const [one, two] = [await storedItem(alice), await storedItem(alice)];
    await created(stack, alice, { contentType: "video/mp4", size: 100 * 1024 ** 2 }); // in flight
    const bobs = await readyItem(stack, bob);
    await share(stack, alice, one.id, bob.email);
    await share(stack, bob, bobs.id, alice.email);
    const slug = `alice-${Date.now()}`;
    const guarded = await link(stack, alice, one.id, { slug, password: "open sesame" });
    await visit(stack, guarded.token, { password: "open sesame" });
    await visit(stack, guarded.token, { password: "wrong guess" });
    const plain = await link(stack, alice, two.id);
    await visit(stack, plain.token);
    const mediaIds = [one.id, two.id];
    expect(await keysOf(alice.id)).not.toEqual([]);

    const res = await stack.request("DELETE", "/api/me", { token: alice.token });
    expect(res.status, res.text).toBe(204);

    // At once: no sign-in, no session, the email free.
    const again = await stack.request("POST", "/api/auth/login", {
      body: { email: alice.email, password: "violet-harbour-42" },
    });
    expect(again.status).toBe(401);
    const refreshed = await stack.request("POST", "/api/auth/refresh", {
      cookies: { ss_refresh: refreshCookie },
      headers: { origin: stack.url },
    });
    expect(refreshed.status).toBe(401);
    expect((await stack.request("GET", "/api/me", { token: alice.token })).status).toBe(404);
    const reborn = await stack.request("POST", "/api/auth/signup", {
      body: { email: alice.email.toUpperCase(), password: "violet-harbour-42", name: "Alice II" },
    });
    expect(reborn.status, reborn.text).toBe(201);
    expect(reborn.json.user.id).not.toBe(alice.id);

    // Then the worker: nothing of the account is left.
    await stack.queues.idle();
    expect(stack.queues.deadLetters("AccountPurge")).toEqual([]);
    const leftovers = (await scanTable()).filter((item) => {
      const text = JSON.stringify(item);
      return (
        [alice.id, ...mediaIds, guarded.token, plain.token, slug].some((v) => text.includes(v)) &&
        // Refresh tokens are found only by their hash: they expire by TTL, and their session
        // is gone, so none of them works (the refresh above proves it).
        !String(item.sk).startsWith("$refresh_token")
      );
    });
    expect(leftovers).toEqual([]);
    expect(await keysOf(alice.id)).toEqual([]);

    // The links and the slug are gone; what Bob shared with her no longer names her.
    expect((await visit(stack, guarded.token)).status).toBe(404);
    expect((await visit(stack, slug)).status).toBe(404);
    expect((await visit(stack, plain.token)).status).toBe(404);
    const bobsShares = await stack.request("GET", `/api/media/${bobs.id}/shares`, {
      token: bob.token,
    });
    expect(bobsShares.json.shares).toEqual([]);
    expect((await link(stack, bob, bobs.id, { slug })).slug).toBe(slug);
  }, 120_000);

  it("is idempotent: a second call, and a message delivered twice, change nothing", async () => {
    const carol = await person(stack, "Carol");
    await storedItem(carol);
    expect((await stack.request("DELETE", "/api/me", { token: carol.token })).status).toBe(204);
    await stack.queues.idle();
    expect((await stack.request("DELETE", "/api/me", { token: carol.token })).status).toBe(204);
    stack.queues.send("AccountPurge", JSON.stringify({ userId: carol.id }));
    await stack.queues.idle();
    expect(stack.queues.deadLetters("AccountPurge")).toEqual([]);
    expect(await keysOf(carol.id)).toEqual([]);
  }, 60_000);
});

describe("the purge", () => {
  it("removes a library in bounded batches, each call picking up where the last stopped", async () => {
    const dave = await person(stack, "Dave");
    for (let i = 0; i < 7; i++) await readyItem(stack, dave);
    await link(stack, dave, (await readyItem(stack, dave)).id);
    const calls = [];
    for (let i = 0; i < 10; i++) {
      const outcome = await purgeAccount(dave.id, { items: 3 });
      calls.push(outcome);
      if (outcome.done) break;
    }
    // Eight items; the link ends with its item.
    expect(calls.map((c) => c.removed)).toEqual([3, 3, 2]);
    expect(calls.map((c) => c.done)).toEqual([false, false, true]);
    const left = await db()
      .entities.media.query.byOwner({ ownerId: dave.id, visibility: "v" })
      .go();
    expect(left.data).toEqual([]);
    // Once done, again: nothing to do, nothing fails.
    expect(await purgeAccount(dave.id, { items: 3 })).toEqual({ done: true, removed: 0 });
  }, 60_000);

  it("stops when its invocation's time runs out, and the next call finishes", async () => {
    const erin = await person(stack, "Erin");
    for (let i = 0; i < 3; i++) await readyItem(stack, erin);
    expect(await purgeAccount(erin.id, { items: 100, stop: () => true })).toEqual({
      done: false,
      removed: 0,
    });
    expect((await purgeAccount(erin.id, { items: 100 })).done).toBe(true);
  }, 60_000);
});
