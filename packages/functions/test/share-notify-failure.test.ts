/**
 * A share notification whose email cannot be sent (SES unreachable: the handlers' SES
 * endpoint is a closed port) is not lost: the window's items go back, due at once, and the
 * message stays in the queue to come back after its visibility timeout.
 */
import { db } from "@sharespace/core/db";
import { limits } from "@sharespace/core/limits";
import { queues, visibilityTimeoutSeconds } from "@sharespace/core/queue";
import { clock } from "@sharespace/core/time";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../../local/test/stack";
import { readyItem } from "./support/media";
import { person, share } from "./support/share";

let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack({
    handlers: { Process: async () => {} },
    handlerEnv: { AWS_ENDPOINT_URL_SESV2: "http://127.0.0.1:9" },
  });
});
afterAll(() => stack?.close());
const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});

const settle = async () => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  await stack.queues.idle();
};

describe("a notification email that cannot be sent", () => {
  it("puts the window's items back and leaves the message to come back", async () => {
    const [alice, bob] = await Promise.all([person(stack, "Alice"), person(stack, "Bob")]);
    const media = await readyItem(stack, alice, { filename: "kept.jpg" });
    const t0 = Date.now();
    clock.now = () => t0;
    expect((await share(stack, alice, media.id, bob.email)).status).toBe(201);
    await settle();
    const windowMs = limits.share.noticeWindowSeconds * 1000;
    clock.now = () => t0 + windowMs;
    stack.clock.advance(windowMs);
    await settle();

    const window = () => db().entities.shareNotice.get({ userId: bob.id }).go({ consistent: true });
    const restored = (await window()).data;
    expect(restored?.mediaIds).toEqual([media.id]);
    expect(Date.parse(restored?.dueAt ?? "")).toBeLessThanOrEqual(t0 + windowMs);
    const [message] = stack.queues.messages("ShareNotify");
    expect(message?.receiveCount).toBe(1);
    expect(stack.mail.messages(bob.email).filter((m) => m.subject.includes("shared"))).toEqual([]);

    // After the visibility timeout it is tried again, and still kept while SES is down.
    stack.clock.advance(visibilityTimeoutSeconds(queues.ShareNotify) * 1000);
    await settle();
    expect(stack.queues.messages("ShareNotify")[0]?.receiveCount).toBe(2);
    expect((await window()).data?.mediaIds).toEqual([media.id]);
    expect(stack.queues.deadLetters("ShareNotify")).toEqual([]);
  }, 60_000);
});
