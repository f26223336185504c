import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { db } from "@sharespace/core/db";
import { ObjectKey, Storage } from "@sharespace/core/storage";
import type { Context, SQSEvent } from "aws-lambda";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  created,
  makeReady,
  putBytes,
  sha256,
  uniqueBytes,
} from "../packages/functions/test/support/media";
import { link, person, share } from "../packages/functions/test/support/share";
import { REPO_ROOT } from "../packages/local/src/config";
import { createTestStack, type TestStack } from "../packages/local/test/stack";
import { snapshot } from "./support/snapshot";

/*
 * The account-deletion worker killed mid-batch: a Purge process is SIGKILLed while it
 * removes a library, as a Lambda runtime dies, leaving part done. The message comes back
 * and the worker, started again, finishes: nothing of the account is left in the table or
 * the bucket.
 */

const ITEMS = 120;
let stack: TestStack;
/** The stack's Purge runs only once the test lets it (the first attempt is the child's). */
let purgeArmed = false;
beforeAll(async () => {
  stack = await createTestStack({
    handlers: {
      Process: async () => {},
      Purge: async (event: SQSEvent, context: Context) => {
        if (!purgeArmed) return { batchItemFailures: [] };
        const { handler } = await import("@sharespace/functions/purge");
        return handler(event, context);
      },
    },
  });
});
afterAll(() => stack?.close());

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function mediaCount(ownerId: string) {
  const [ready, uploading] = await Promise.all(
    (["v", "u"] as const).map((visibility) =>
      db().entities.media.query.byOwner({ ownerId, visibility }).go({ pages: "all" }),
    ),
  );
  return (ready?.data.length ?? 0) + (uploading?.data.length ?? 0);
}

async function objectsOf(ownerId: string) {
  const keys: string[] = [];
  for (const prefix of ObjectKey.ownerPrefixes(ownerId)) {
    for await (const page of Storage.keysUnder(prefix)) keys.push(...page);
  }
  return keys;
}

it("a purge killed mid-batch finishes when its message comes back, leaving nothing", async () => {
  const [alice, bob] = await Promise.all([person(stack, "Alice"), person(stack, "Bob")]);
  const ids: string[] = [];
  for (let i = 0; i < ITEMS; i += 8) {
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        const bytes = uniqueBytes(1500);
        const { media, upload } = await created(stack, alice, {
          size: bytes.length,
          checksum: sha256(bytes),
        });
        await putBytes(upload, bytes);
        await Storage.derived.write(alice.id, media.id, "preview", bytes, "image/webp");
        await makeReady(media, { size: bytes.length, derivatives: ["preview"] });
        ids.push(media.id);
      }),
    );
  }
  for (const id of ids.slice(0, 10)) await share(stack, alice, id, bob.email);
  const slug = `kept-${Date.now()}`;
  const named = await link(stack, alice, ids[0] as string, { slug });
  await link(stack, alice, ids[1] as string);
  expect((await stack.request("DELETE", "/api/me", { token: alice.token })).status).toBe(204);
  await stack.queues.idle(); // the stack's Purge is not armed: the child does the first attempt

  const child: ChildProcess = spawn(
    join(REPO_ROOT, "node_modules/.bin/tsx"),
    [join(import.meta.dirname, "support/purge-child.ts"), alice.id],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: "SILENT" },
      stdio: "ignore",
    },
  );
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once("exit", (_, signal) => resolve(signal)),
  );
  // Kill it once it has removed some of the library, not all.
  let left = ITEMS;
  for (let i = 0; i < 600 && left === ITEMS; i++) {
    await pause(25);
    left = await mediaCount(alice.id);
  }
  child.kill("SIGKILL");
  expect(await exited).toBe("SIGKILL");
  left = await mediaCount(alice.id);
  expect(left, "killed mid-batch: part of the library removed, part left").toBeGreaterThan(0);
  expect(left).toBeLessThan(ITEMS);

  // The message comes back (it was never acknowledged) to a worker that runs.
  purgeArmed = true;
  stack.queues.send("AccountPurge", JSON.stringify({ userId: alice.id }));
  await stack.queues.idle();
  expect(stack.queues.deadLetters("AccountPurge")).toEqual([]);
  expect(await mediaCount(alice.id)).toBe(0);
  expect(await objectsOf(alice.id)).toEqual([]);
  const { items } = await snapshot(stack);
  const leftovers = items.filter(
    (item) =>
      [alice.id, slug, named.token, ...ids].some((v) => item.includes(v)) &&
      !item.includes("$refresh_token"),
  );
  expect(leftovers).toEqual([]);
}, 180_000);
