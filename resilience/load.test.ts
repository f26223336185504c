import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Media } from "@sharespace/core/media";
import { afterAll, beforeAll, expect, it } from "vitest";
import { queues, visibilityTimeoutSeconds } from "../packages/core/src/queue";
import { superviseDynamoDbLocal } from "../packages/local/src/dynamodb/supervise";
import { freePort } from "../packages/local/src/ports";
import { commandName, listeningSockets, processTree } from "../packages/local/test/processes";
import { createTestStack, type TestStack } from "../packages/local/test/stack";
import { type FaultLog, faultyProcess } from "./support/faulty-process";
import { snapshot } from "./support/snapshot";
import { createLoad } from "./support/users";

/*
 * The load and fault suite: 50 simulated people use the app at once for a minute (sign in
 * or resume their session, list, upload small photos, share them with each other and by link, open links as anonymous
 * visitors, read what is shared with them and their timeline, refresh their tokens) while:
 * - DynamoDB Local is killed mid-load and restarted on its data by the local stack's
 *   supervisor: requests meanwhile answer 503 `unavailable`, none hangs, then they recover;
 * - Process crashes mid-item on some first deliveries (the batch comes back after the
 *   visibility timeout), and every S3 event reaches it three times at once.
 * Afterwards nothing is lost: every acknowledged upload is `ready` with its bytes, usage
 * equals the objects, every share reached its recipient and every link opens on its media,
 * and neither the table nor the bucket holds an orphan.
 */

const USERS = 50;
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
/** SST's default Lambda timeout: no request may take longer, outage or not. */
const FUNCTION_TIMEOUT_MS = 20_000;
/** People arrive one after another over this long (sign in or resume their session). */
const RAMP_MS = 20_000;
/** After the database is back, requests already in flight may still meet the outage. */
const RECOVERY_GRACE_MS = 5_000;
/** The load goes on at least this long after that grace, to see the app recovered. */
const AFTER_RECOVERY_MS = 10_000;
/**
 * DynamoDB's per-attempt timeout here. The whole stack (emulator, every function, Process
 * with sharp, s3rver) shares this process and two cores with DynamoDB Local, which then
 * answers in seconds what DynamoDB answers in milliseconds. Three attempts still fail within
 * about 9.3 s, well inside the Lambda timeout, when the database is gone.
 */
const DYNAMODB_TIMEOUT_MS = 3_000;

let dataDir: string;
let database: Awaited<ReturnType<typeof superviseDynamoDbLocal>>;
let stack: TestStack;
const restarts: string[] = [];
const faults: FaultLog = { crashed: new Set(), invocations: 0 };
/** Errors the stack reported (a handler threw): the simulated ones are expected. */
const unexpected: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "sharespace-load-"));
  database = await superviseDynamoDbLocal({
    port: await freePort(),
    path: dataDir,
    onRestart: (line) => restarts.push(line),
  });
  stack = await createTestStack({
    dynamoDbEndpoint: database.endpoint,
    handlers: { Process: faultyProcess(faults) },
    handlerEnv: { SHARESPACE_DYNAMODB_TIMEOUT_MS: String(DYNAMODB_TIMEOUT_MS) },
    onError: (error) => unexpected.push(String(error)),
  });
});
afterAll(async () => {
  await stack?.close();
  await database?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const port = (endpoint: string) => Number(new URL(endpoint).port);

/** Kills this run's DynamoDB Local (the Java process on its port) and waits until it answers again. */
async function killDatabase(): Promise<{ killed: number; back: number }> {
  const java = listeningSockets(processTree(process.pid)).find(
    (l) => l.port === port(database.endpoint),
  );
  expect(java && commandName(java.pid)).toBe("java");
  const killed = Date.now();
  process.kill(java?.pid as number, "SIGKILL");
  for (;;) {
    await pause(100);
    const answer = await fetch(database.endpoint, { method: "POST" }).catch(() => undefined);
    if (answer && restarts.length > 0) return { killed, back: Date.now() };
  }
}

it(`${USERS} people for ${SECONDS} s, with the database killed and Process crashing, lose nothing`, async () => {
  const load = createLoad(stack);
  const running = await load.run(USERS, SECONDS * 1000, RAMP_MS);
  await pause((SECONDS * 1000) / 2);
  const outage = await killDatabase();
  // However long the restart took, people go on using the recovered app for a while.
  load.keepGoingUntil(outage.back + RECOVERY_GRACE_MS + AFTER_RECOVERY_MS);
  await running.done;
  report(load.calls);
  if (process.env.LOAD_CALLS) {
    await writeFile(
      process.env.LOAD_CALLS,
      JSON.stringify({ begin: running.begin, outage, calls: load.calls }),
    );
  }

  // Every queued event handled. A crashed delivery comes back after the visibility timeout:
  // pass it at once, when no invocation is running (one would time out on the moved clock).
  for (let round = 0; round < 20; round++) {
    await stack.queues.idle();
    const acknowledged = new Set(load.uploads.map((u) => u.mediaId));
    const pending = await statuses(["uploading", "processing"]);
    if (pending.filter((item) => acknowledged.has(item.mediaId?.S ?? "")).length === 0) break;
    stack.clock.advance(visibilityTimeoutSeconds(queues.Processing) * 1000 + 1000);
    await pause(200);
  }

  // No 500 ever; a 5xx only while the database was down, and then 503 `unavailable`.
  const windowEnd = outage.back + RECOVERY_GRACE_MS;
  const during = (c: { started: number; ended: number }) =>
    c.ended >= outage.killed && c.started <= windowEnd;
  const serverErrors = load.calls.filter((c) => c.status >= 500);
  expect(
    serverErrors.filter((c) => !during(c) || c.status !== 503 || c.code !== "unavailable"),
  ).toEqual([]);
  expect(load.calls.filter((c) => during(c) && c.status === 503).length).toBeGreaterThan(0);
  expect(Math.max(...load.calls.map((c) => c.ended - c.started))).toBeLessThan(FUNCTION_TIMEOUT_MS);
  expect(restarts).toHaveLength(1);
  expect(load.users).toHaveLength(USERS);
  expect(load.calls.filter((c) => c.what === "login" && c.status === 200).length).toBeGreaterThan(
    0,
  );
  expect(load.calls.filter((c) => c.started > windowEnd && c.status < 400).length).toBeGreaterThan(
    USERS,
  );
  // No 4xx either: no session ended by a refresh whose answer was lost, nothing refused.
  expect(load.calls.filter((c) => c.status >= 400 && c.status < 500)).toEqual([]);

  // The faults happened: crashes mid-item, and every event three times.
  expect(faults.crashed.size).toBeGreaterThan(0);
  expect(stack.queues.deadLetters("Processing")).toEqual([]);

  // Nothing lost: every acknowledged upload ready, with the bytes that were sent.
  expect(load.uploads.length).toBeGreaterThan(USERS);
  for (const upload of load.uploads) {
    const res = await stack.request("GET", `/api/media/${upload.mediaId}`, {
      token: upload.token(),
    });
    expect(res.json.media?.status, upload.mediaId).toBe("ready");
    const original = await fetch(res.json.media.urls.original);
    const bytes = Buffer.from(await original.arrayBuffer());
    expect(createHash("sha256").update(bytes).digest("base64")).toBe(upload.sha256);
  }

  // A create whose write landed as the database died was answered 503: nobody uploads to
  // it. The sweep removes such an upload within a day, as its schedule would.
  const swept = await Media.sweep(Date.now() + 25 * 60 * 60 * 1000);
  expect(swept).toMatchObject({ failed: 0, more: false });

  await expectSharesAndLinks(load);
  await expectNoOrphans(load.users.map((u) => ({ id: u.id, token: u.token })));
  // What went wrong inside was only what the test did: crashes, and the outage (a Process
  // batch whose every record met the dead database fails whole, and comes back).
  expect(
    unexpected.filter(
      (e) =>
        !/simulated crash|unavailable|ECONNREFUSED|socket hang up|All records failed processing/i.test(
          e,
        ),
    ),
  ).toEqual([]);
});

/**
 * What was shared reached its recipient, and every link opens, for anyone, on its own media,
 * ready, with a preview that loads. Links opened during the load got the link's media.
 */
async function expectSharesAndLinks(load: ReturnType<typeof createLoad>) {
  expect(load.shares.length).toBeGreaterThan(0);
  expect(load.links.length).toBeGreaterThan(0);
  expect(
    load.calls.filter((c) => c.what === "open link" && c.status === 200).length,
  ).toBeGreaterThan(0);
  expect(load.wrongMedia).toEqual([]);
  for (const user of load.users) {
    const received = new Set<string>();
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const page = await stack.request("GET", `/api/shared?limit=100${query}`, {
        token: user.token,
      });
      expect(page.status).toBe(200);
      for (const item of page.json.items) received.add(`${item.sharedBy.id}/${item.id}`);
      cursor = page.json.nextCursor;
    } while (cursor);
    const sent = load.shares.filter((s) => s.recipientId === user.id);
    expect(
      sent.filter((s) => !received.has(`${s.ownerId}/${s.mediaId}`)),
      user.id,
    ).toEqual([]);
  }
  for (const link of load.links) {
    const res = await stack.request("GET", `/api/links/${link.token}`);
    expect(res.status, link.token).toBe(200);
    expect(res.json.media).toMatchObject({ id: link.mediaId, status: "ready" });
    const preview = await fetch(res.json.media.urls.preview);
    expect(preview.status).toBe(200);
    expect((await preview.arrayBuffer()).byteLength).toBeGreaterThan(0);
  }
}

/** Media items in the table with one of these statuses. */
async function statuses(wanted: string[]) {
  const { items } = await snapshot(stack);
  return items
    .map((line) => JSON.parse(line) as Record<string, { S?: string; N?: string }>)
    .filter((item) => item.__edb_e__?.S === "media" && wanted.includes(item.status?.S ?? ""));
}

/**
 * Usage equals the objects, every item has its original and every object its item: what a
 * crash between two writes, or a duplicate event, would leave behind.
 */
async function expectNoOrphans(users: { id: string; token: string }[]) {
  const { items, objects } = await snapshot(stack);
  const media = items
    .map((line) => JSON.parse(line) as Record<string, { S?: string; N?: string }>)
    .filter((item) => item.__edb_e__?.S === "media");
  expect(media.filter((item) => item.status?.S !== "ready")).toEqual([]);
  const ids = new Set(media.map((item) => `${item.ownerId?.S}/${item.mediaId?.S}`));
  const keys = objects.map((line) => line.split(" ")[0] as string);
  const originals = objects
    .map((line) => line.split(" "))
    .filter(([key]) => key?.startsWith("originals/") && !key.endsWith(".poster"));
  // Every share and link is of an item that exists.
  const ofMissing = items
    .map((line) => JSON.parse(line) as Record<string, { S?: string }>)
    .filter((item) => ["share", "link"].includes(item.__edb_e__?.S ?? ""))
    .filter((item) => !ids.has(`${item.ownerId?.S}/${item.mediaId?.S}`));
  expect(ofMissing).toEqual([]);
  // Every object belongs to an item that exists.
  expect(keys.filter((key) => !ids.has(key.split("/").slice(1, 3).join("/")))).toEqual([]);
  // Every item has its original.
  const stored = new Set(originals.map(([key]) => (key as string).slice("originals/".length)));
  expect([...ids].filter((id) => !stored.has(id))).toEqual([]);
  // Each user's usage is the sum of their originals.
  for (const user of users) {
    const mine = originals.filter(([key]) => key?.startsWith(`originals/${user.id}/`));
    const res = await stack.request("GET", "/api/me", { token: user.token });
    expect(res.json.usage, user.id).toEqual({
      bytes: mine.reduce((sum, [, size]) => sum + Number(size), 0),
      count: mine.length,
    });
  }
}

/** Prints what the load did: calls, statuses and latency per action. */
function report(calls: { what: string; status: number; started: number; ended: number }[]) {
  const byWhat = new Map<string, typeof calls>();
  for (const c of calls) byWhat.set(c.what, [...(byWhat.get(c.what) ?? []), c]);
  const rows = [...byWhat].map(([what, group]) => {
    const times = group.map((c) => c.ended - c.started).sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
    const counts = new Map<number, number>();
    for (const c of group) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
    const statuses = [...counts].map(([status, n]) => `${status}×${n}`).join(" ");
    return { what, calls: group.length, p50: at(0.5), p99: at(0.99), statuses };
  });
  console.table(rows);
}
