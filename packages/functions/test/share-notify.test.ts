/**
 * Share notifications through the API, the ShareNotify queue (its delayed message on the
 * stand-in's clock) and the mail catcher: the shares of a minute to one recipient go in one
 * email; a later share opens a new window; a duplicate message sends nothing; revoked shares
 * are left out; a pending recipient is mailed once, on verifying, and not before.
 */
import { db } from "@sharespace/core/db";
import { limits } from "@sharespace/core/limits";
import { clock } from "@sharespace/core/time";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../../local/test/stack";
import { readyItem } from "./support/media";
import { type Person, person, share } from "./support/share";

let stack: TestStack;
let alice: Person;
let carol: Person;
beforeAll(async () => {
  stack = await createTestStack({ handlers: { Process: async () => {} } });
  [alice, carol] = await Promise.all([person(stack, "Alice"), person(stack, "Carol")]);
});
afterAll(() => stack?.close());
const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});

const windowMs = limits.share.noticeWindowSeconds * 1000;
/** The share notifications `to` received, newest first (not the verification email). */
const notices = (to: Person) =>
  stack.mail.messages(to.email).filter((message) => message.subject.includes("shared"));

/** Moves core's clock to `at`, and the queues' clock by as much as core's moved. */
let queueNow = 0;
function at(ms: number) {
  clock.now = () => ms;
  if (queueNow && ms > queueNow) stack.clock.advance(ms - queueNow);
  queueNow = ms;
}
/** Lets due timers of the queues' clock run, then waits for every consumer. */
async function settle() {
  await new Promise((resolve) => setTimeout(resolve, 50));
  await stack.queues.idle();
}

const item = (owner: Person, filename: string) =>
  readyItem(stack, owner, { filename, contentType: "image/jpeg", size: 1000 });

describe("share notifications", () => {
  it("sends one email listing the 3 items shared within a minute, once the minute is over", async () => {
    const bob = await person(stack, "Bob");
    const items = [
      await item(alice, "harbour.jpg"),
      await item(alice, "lighthouse.jpg"),
      await item(carol, "dunes.jpg"),
    ];
    const t0 = Date.now();
    queueNow = 0;
    at(t0);
    expect((await share(stack, alice, items[0]?.id ?? "", bob.email)).status).toBe(201);
    at(t0 + 20_000);
    expect((await share(stack, alice, items[1]?.id ?? "", bob.email)).status).toBe(201);
    // Sharing again is not a new share: it adds nothing to the email.
    expect((await share(stack, alice, items[1]?.id ?? "", bob.email)).status).toBe(201);
    at(t0 + 50_000);
    expect((await share(stack, carol, items[2]?.id ?? "", bob.email)).status).toBe(201);
    await settle();
    // Nothing yet, and one message waits for the window to close.
    expect(notices(bob)).toEqual([]);
    expect(stack.queues.messages("ShareNotify")).toHaveLength(1);

    at(t0 + windowMs);
    await settle();
    const sent = notices(bob);
    expect(sent).toHaveLength(1);
    const [message] = sent;
    for (const name of ["harbour.jpg", "lighthouse.jpg", "dunes.jpg"]) {
      expect(message?.text).toContain(name);
      expect(message?.html).toContain(name);
    }
    expect(message?.text.match(/^- /gm)).toHaveLength(3);
    expect(message?.text).toMatch(/from Alice/);
    expect(message?.text).toMatch(/from Carol/);
    expect(message?.subject).toBe("2 people shared 3 items with you on ShareSpace");
    expect(message?.links).toContain(`${stack.url}/shared`);
    expect(stack.queues.messages("ShareNotify")).toEqual([]);
    expect((await db().entities.shareNotice.get({ userId: bob.id }).go()).data).toBeNull();

    // The same message delivered again finds the window closed: no second email.
    stack.queues.send("ShareNotify", JSON.stringify({ userId: bob.id }));
    await settle();
    expect(notices(bob)).toHaveLength(1);
    expect(stack.queues.deadLetters("ShareNotify")).toEqual([]);
  }, 60_000);

  it("opens a new window for a share after the last one closed", async () => {
    const dan = await person(stack, "Dan");
    const [first, second] = [await item(alice, "one.jpg"), await item(alice, "two.jpg")];
    const t0 = Date.now();
    queueNow = 0;
    at(t0);
    await share(stack, alice, first.id, dan.email);
    at(t0 + windowMs);
    await settle();
    at(t0 + windowMs + 1_000);
    await share(stack, alice, second.id, dan.email);
    await settle();
    expect(notices(dan)).toHaveLength(1);
    at(t0 + 2 * windowMs + 1_000);
    await settle();
    const sent = notices(dan);
    expect(sent).toHaveLength(2);
    expect(sent[0]?.subject).toBe('Alice shared "two.jpg" with you on ShareSpace');
    expect(sent[1]?.subject).toBe('Alice shared "one.jpg" with you on ShareSpace');
  }, 60_000);

  it("leaves out a share revoked before the window closes, and sends nothing when none is left", async () => {
    const erin = await person(stack, "Erin");
    const [kept, revoked] = [await item(alice, "kept.jpg"), await item(alice, "revoked.jpg")];
    const t0 = Date.now();
    queueNow = 0;
    at(t0);
    await share(stack, alice, kept.id, erin.email);
    await share(stack, alice, revoked.id, erin.email);
    const gone = await stack.request("DELETE", `/api/media/${revoked.id}/shares/${erin.id}`, {
      token: alice.token,
    });
    expect(gone.status).toBe(204);
    at(t0 + windowMs);
    await settle();
    const [message] = notices(erin);
    expect(message?.text).toContain("kept.jpg");
    expect(message?.text).not.toContain("revoked.jpg");

    const frank = await person(stack, "Frank");
    const only = await item(alice, "deleted.jpg");
    at(t0 + windowMs + 1_000);
    await share(stack, alice, only.id, frank.email);
    const deleted = await stack.request("DELETE", `/api/media/${only.id}`, { token: alice.token });
    expect(deleted.status).toBe(204);
    // The item left Frank's window with its share.
    const { data: open } = await db().entities.shareNotice.get({ userId: frank.id }).go();
    expect(open?.userId).toBe(frank.id);
    expect(open?.mediaIds ?? []).not.toContain(only.id);
    at(t0 + 2 * windowMs + 1_000);
    await settle();
    expect(notices(frank)).toEqual([]);
    expect(stack.queues.deadLetters("ShareNotify")).toEqual([]);
  }, 60_000);

  it("mails a pending recipient nothing until they verify, then one email naming what waited", async () => {
    const gina = await person(stack, "Gina", false);
    const [a, b] = [await item(alice, "waiting-a.jpg"), await item(carol, "waiting-b.jpg")];
    const t0 = Date.now();
    queueNow = 0;
    at(t0);
    const pending = await share(stack, alice, a.id, gina.email);
    expect(pending.json.share.pending).toBe(true);
    await share(stack, carol, b.id, gina.email);
    at(t0 + 2 * windowMs);
    await settle();
    expect(notices(gina)).toEqual([]);
    expect(stack.queues.messages("ShareNotify")).toEqual([]);
    const before = await stack.request("GET", "/api/shared", { token: gina.token });
    expect(before.json.items).toEqual([]);

    // The verification link from her mailbox, through the API, as the web app's /verify sends it.
    const token = stack.mail
      .messages(gina.email)
      .flatMap((message) => message.links.map((link) => new URL(link)))
      .find((url) => url.pathname === "/verify")
      ?.searchParams.get("token");
    const verified = await stack.request("POST", "/api/auth/verify", { body: { token } });
    expect(verified.status, verified.text).toBe(204);

    const after = await stack.request("GET", "/api/shared", { token: gina.token });
    expect(after.json.items.map((m: { id: string }) => m.id).sort()).toEqual([a.id, b.id].sort());
    const sent = notices(gina);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toContain("waiting-a.jpg");
    expect(sent[0]?.text).toContain("waiting-b.jpg");

    // Verified now: a new share notifies through the window as for anyone.
    const c = await item(alice, "after.jpg");
    at(t0 + 2 * windowMs + 1_000);
    const fresh = await share(stack, alice, c.id, gina.email);
    expect(fresh.json.share.pending).toBe(false);
    at(t0 + 3 * windowMs + 1_000);
    await settle();
    expect(notices(gina)).toHaveLength(2);
    expect(notices(gina)[0]?.text).toContain("after.jpg");
  }, 60_000);
});
