/**
 * Sharing with people through the API: idempotent shares by email (any case), pending
 * until the recipient verifies, what a shared user may do, revocation, "Shared with me",
 * and shares ending with their item.
 */
import { db } from "@sharespace/core/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestStack } from "../../local/test/stack";
import { createTestStack } from "../../local/test/stack";
import { readyItem } from "./support/media";
import { type Person, person, share, verify } from "./support/share";

let stack: TestStack;
let alice: Person;
let bob: Person;
beforeAll(async () => {
  stack = await createTestStack({ handlers: { Process: async () => {} } });
  [alice, bob] = await Promise.all([person(stack, "Alice"), person(stack, "Bob")]);
});
afterAll(() => stack?.close());

describe("sharing an item by email", () => {
  it("shares once, whatever the case of the email, and lists the share", async () => {
    const media = await readyItem(stack, alice);
    const first = await share(stack, alice, media.id, bob.email);
    expect(first.status, first.text).toBe(201);
    expect(first.json.share).toMatchObject({ userId: bob.id, email: bob.email, pending: false });
    const again = await share(stack, alice, media.id, `  ${bob.email.toUpperCase()} `);
    expect(again.status).toBe(201);
    expect(again.json.share).toEqual(first.json.share);
    const list = await stack.request("GET", `/api/media/${media.id}/shares`, {
      token: alice.token,
    });
    expect(list.json.shares).toEqual([first.json.share]);
    const stored = await db().entities.share.query.byMedia({ mediaId: media.id }).go();
    expect(stored.data).toHaveLength(1);
  });

  it("refuses the owner's own email (400) and an unknown one (404 user_not_found)", async () => {
    const media = await readyItem(stack, alice);
    const self = await share(stack, alice, media.id, alice.email.toUpperCase());
    expect(self.status).toBe(400);
    expect(self.json.error.code).toBe("invalid_request");
    const unknown = await share(stack, alice, media.id, "nobody.here@example.com");
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe("user_not_found");
    for (const email of ["", "not an email", 42, null]) {
      const res = await share(stack, alice, media.id, email as string);
      expect(res.status, res.text).toBe(400);
    }
  });

  it("keeps a share to an unverified account pending until it verifies", async () => {
    const carol = await person(stack, "Carol", false);
    const media = await readyItem(stack, alice);
    const res = await share(stack, alice, media.id, carol.email);
    expect(res.json.share.pending).toBe(true);
    const before = await stack.request("GET", `/api/media/${media.id}`, { token: carol.token });
    expect(before.status).toBe(404);
    const listed = await stack.request("GET", "/api/shared", { token: carol.token });
    expect(listed.json.items).toEqual([]);
    await verify(carol.id);
    const after = await stack.request("GET", `/api/media/${media.id}`, { token: carol.token });
    expect(after.status).toBe(200);
    const shares = await stack.request("GET", `/api/media/${media.id}/shares`, {
      token: alice.token,
    });
    expect(shares.json.shares[0].pending).toBe(false);
  });
});

describe("a shared user", () => {
  it("can view and download, not edit or delete; after a revoke, sees nothing", async () => {
    const media = await readyItem(stack, alice);
    await share(stack, alice, media.id, bob.email);
    const seen = await stack.request("GET", `/api/media/${media.id}`, { token: bob.token });
    expect(seen.status).toBe(200);
    expect(seen.json.media.urls.download).toContain("response-content-disposition");
    const edit = await stack.request("PATCH", `/api/media/${media.id}`, {
      token: bob.token,
      body: { title: "mine" },
    });
    expect(edit.status).toBe(403);
    const del = await stack.request("DELETE", `/api/media/${media.id}`, { token: bob.token });
    expect(del.status).toBe(403);
    const revoke = await stack.request("DELETE", `/api/media/${media.id}/shares/${bob.id}`, {
      token: alice.token,
    });
    expect(revoke.status).toBe(204);
    const gone = await stack.request("GET", `/api/media/${media.id}`, { token: bob.token });
    expect(gone.status).toBe(404);
  });
});

describe("GET /api/shared", () => {
  it("lists what was shared with me, newest share first, with who shared it, in pages", async () => {
    const dave = await person(stack, "Dave");
    const items = [];
    for (let i = 0; i < 3; i++) {
      const media = await readyItem(stack, i === 1 ? bob : alice);
      await share(stack, i === 1 ? bob : alice, media.id, dave.email);
      items.push(media);
    }
    const first = await stack.request("GET", "/api/shared?limit=2", { token: dave.token });
    expect(first.status, first.text).toBe(200);
    expect(first.json.items.map((i: { id: string }) => i.id)).toEqual([items[2]?.id, items[1]?.id]);
    expect(first.json.items[1].sharedBy).toEqual({ id: bob.id, name: "Bob" });
    const second = await stack.request(
      "GET",
      `/api/shared?limit=2&cursor=${first.json.nextCursor}`,
      { token: dave.token },
    );
    expect(second.json.items.map((i: { id: string }) => i.id)).toEqual([items[0]?.id]);
    expect(second.json.nextCursor).toBeNull();
    const forged = await stack.request("GET", "/api/shared?cursor=eyJwayI6IngifQ", {
      token: dave.token,
    });
    expect(forged.status).toBe(400);
    // Somebody else's cursor points into another partition: refused too.
    const theirs = await stack.request("GET", `/api/shared?cursor=${first.json.nextCursor}`, {
      token: bob.token,
    });
    expect(theirs.status).toBe(400);
  });

  it("drops an item when it is deleted, with its shares", async () => {
    const erin = await person(stack, "Erin");
    const media = await readyItem(stack, alice);
    await share(stack, alice, media.id, erin.email);
    const del = await stack.request("DELETE", `/api/media/${media.id}`, { token: alice.token });
    expect(del.status).toBe(204);
    const listed = await stack.request("GET", "/api/shared", { token: erin.token });
    expect(listed.json.items).toEqual([]);
    const stored = await db().entities.share.query.byMedia({ mediaId: media.id }).go();
    expect(stored.data).toEqual([]);
  });
});
