/**
 * `npm run bench:media`: how media reads scale with the size of a library, through the local
 * stack (API Gateway emulator, the real handlers, DynamoDB Local). Prints figures; asserts
 * nothing. Two users share one table: one with a small library, one with a large one (items
 * seeded straight into DynamoDB Local with ElectroDB batch writes, ready, both spread over
 * the same ten years, month counts to match), and each figure is the ratio large / small.
 * The timeline reads one item per month, not per photo: its cost follows the months a
 * library spans (at most 12 a year), whatever its size.
 *
 * The gallery's figures (scripts/bench-gallery.ts) come last: DOM nodes and JS heap of
 * `/gallery` in Chromium, the large library against a third person's 200 items taken over
 * the last six months (a screenful of tiles at every stop, as in the large one).
 *
 *   BENCH_ITEMS (default 50000), BENCH_SMALL (default 100), BENCH_RUNS (default 60),
 *   BENCH_GALLERY_SMALL (default 200; 0 skips the gallery)
 *
 * Then the processing figures, from `bench-processing.ts` (`BENCH_PHOTOS`), and the upload's
 * (`bench-upload.ts`).
 */
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { createLocalApp } from "../packages/local/src/app";
import { startDynamoDbLocal } from "../packages/local/src/dynamodb";
import { freePort, listen } from "../packages/local/src/ports";
import { startS3Local } from "../packages/local/src/s3";
import { generateSigningKey } from "../packages/local/src/signing-key";
import { type BuiltWeb, benchGallery, buildWeb } from "./bench-gallery";

const large = Number(process.env.BENCH_ITEMS ?? 50_000);
const small = Number(process.env.BENCH_SMALL ?? 100);
const runs = Number(process.env.BENCH_RUNS ?? 60);
const gallerySmall = Number(process.env.BENCH_GALLERY_SMALL ?? 200);
process.env.POWERTOOLS_LOG_LEVEL ??= "SILENT";

/** The web app's production build, made after the API's figures (it would weigh on them). */
let web: BuiltWeb | undefined;
const dynamo = await startDynamoDbLocal({ port: await freePort() });
const s3 = await startS3Local({ port: 0 });
const server = createServer((req, res) => listener(req, res));
const port = await listen(server, 0, "127.0.0.1", "bench");
const url = `http://127.0.0.1:${port}`;
const app = await createLocalApp({
  origin: url,
  dynamoDbEndpoint: dynamo.endpoint,
  s3Endpoint: s3.endpoint,
  tableName: "bench-media-Table",
  bucketName: "bench-media-media",
  signingKey: await generateSigningKey(),
  // Nothing is uploaded; Process has nothing to do.
  handlers: { Process: async () => {} },
  // The gallery's part serves the built web app here, beside the API.
  fallback: (req, res) => (web ? web.handle(req, res) : res.writeHead(404).end()),
});
const listener = app.listener;
// Imported once the environment names the table (core reads its links on first use).
const { db } = await import("../packages/core/src/db");
const { createId } = await import("../packages/core/src/id");

async function signUp(name: string) {
  const res = await fetch(`${url}/api/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: `${name}@bench.example`, password: "violet-harbour-42", name }),
  });
  if (res.status !== 201) throw new Error(`sign-up answered ${res.status}`);
  const body = (await res.json()) as { user: { id: string }; accessToken: string };
  return { id: body.user.id, token: body.accessToken };
}

/** `count` ready items of `ownerId`, taken over `years` up to now, and their month counts. */
async function seed(ownerId: string, count: number, years: number) {
  const now = Date.now();
  const span = years * 365 * 24 * 60 * 60 * 1000;
  const months = new Map<string, number>();
  const items = Array.from({ length: count }, (_, i) => {
    const takenAt = new Date(now - Math.floor((i / count) * span)).toISOString();
    const month = takenAt.slice(0, 7);
    months.set(month, (months.get(month) ?? 0) + 1);
    return {
      mediaId: createId("med"),
      ownerId,
      filename: `IMG_${String(i).padStart(6, "0")}.jpg`,
      contentType: "image/jpeg",
      size: 3_000_000,
      width: 4000,
      height: 3000,
      takenAt,
      takenAtSource: "exif" as const,
      status: "ready" as const,
      visibility: "v" as const,
      placeholder: "1QcSHQRnh493V4dIh4eXh1h4kJUI",
      derivatives: ["thumbnail" as const, "preview" as const],
      upload: { kind: "put" as const },
      createdAt: takenAt,
      updatedAt: takenAt,
    };
  });
  for (let i = 0; i < items.length; i += 2500) {
    const { unprocessed } = await db()
      .entities.media.put(items.slice(i, i + 2500))
      .go({ concurrency: 8 });
    if (unprocessed.length) throw new Error(`${unprocessed.length} items were not written`);
  }
  await db()
    .entities.monthCount.put([...months].map(([month, n]) => ({ ownerId, month, count: n })))
    .go({ concurrency: 4 });
  await db()
    .entities.usage.put({
      userId: ownerId,
      bytes: count * 3_000_000,
      count,
      reservedBytes: count * 3_000_000,
    })
    .go();
  return { months: months.size, middle: items[Math.floor(count / 2)]?.takenAt ?? "" };
}

/** Median and p90 of `runs` sequential requests, after a warm-up. */
async function measure(path: string, token: string) {
  const get = async () => {
    const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    await res.arrayBuffer();
  };
  for (let i = 0; i < 5; i++) await get();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await get();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) =>
    samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  return { median: at(0.5), p90: at(0.9) };
}

/** Each case measured for both libraries, interleaved so load on the machine hits both alike. */
async function compare(
  label: string,
  path: (who: "small" | "large") => string,
  tokens: Record<"small" | "large", string>,
) {
  const a = await measure(path("small"), tokens.small);
  const b = await measure(path("large"), tokens.large);
  const a2 = await measure(path("small"), tokens.small);
  const b2 = await measure(path("large"), tokens.large);
  const smallMedian = Math.min(a.median, a2.median);
  const largeMedian = Math.min(b.median, b2.median);
  const ms = (n: number) => `${n.toFixed(1).padStart(6)} ms`;
  console.log(
    `${label.padEnd(34)} ${String(small).padStart(6)}: ${ms(smallMedian)}   ${String(large).padStart(6)}: ${ms(largeMedian)}   ratio ${(largeMedian / smallMedian).toFixed(2)}×   (median of ${runs}, best of 2 rounds; p90 ${ms(Math.min(a.p90, a2.p90))} / ${ms(Math.min(b.p90, b2.p90))})`,
  );
}

try {
  const [few, many] = [await signUp("small"), await signUp("large")];
  let started = performance.now();
  const smallSeed = await seed(few.id, small, 10);
  const largeSeed = await seed(many.id, large, 10);
  console.log(
    `seeded ${small} and ${large} items (${smallSeed.months} and ${largeSeed.months} months) in ${((performance.now() - started) / 1000).toFixed(1)} s, through the local stack at ${url}`,
  );
  started = performance.now();
  const tokens = { small: few.token, large: many.token };
  await compare("GET /api/media?limit=30", () => "/api/media?limit=30", tokens);
  await compare(
    "GET /api/media?limit=30&until=<middle>",
    (who) =>
      `/api/media?limit=30&until=${encodeURIComponent(who === "small" ? smallSeed.middle : largeSeed.middle)}`,
    tokens,
  );
  await compare("GET /api/media/timeline", () => "/api/media/timeline", tokens);
  console.log(`measured in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (gallerySmall > 0) {
    started = performance.now();
    web = await buildWeb();
    await seed((await signUp("gallery")).id, gallerySmall, 0.5);
    const account = (label: string, items: number) => ({
      label,
      items,
      email: `${label}@bench.example`,
      password: "violet-harbour-42",
    });
    await benchGallery(url, account("gallery", gallerySmall), account("large", large));
    console.log(`gallery measured in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
} finally {
  await app.close();
  server.close();
  await Promise.all([dynamo.stop(), s3.stop(), web?.remove()]);
}

// Processing figures: a script of their own, whose cases each run in their own process.
const processing = spawn(
  process.execPath,
  [...process.execArgv, fileURLToPath(new URL("./bench-processing.ts", import.meta.url))],
  { stdio: "inherit" },
);
process.exitCode = await new Promise<number>((resolve) =>
  processing.on("close", (code) => resolve(code ?? 1)),
);

// The upload figure, in a process of its own: it runs `npm start`'s stack, and core reads
// the stack's settings once per process. BENCH_UPLOAD=0 skips it.
if (process.env.BENCH_UPLOAD !== "0") {
  const { spawnSync } = await import("node:child_process");
  const script = new URL("./bench-upload.ts", import.meta.url).pathname;
  const run = spawnSync(process.execPath, [...process.execArgv, script], { stdio: "inherit" });
  if (run.status !== 0) process.exitCode = run.status ?? 1;
}
