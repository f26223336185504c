/**
 * Processing figures for `npm run bench:media` (which runs this after its listing figures):
 * a 24-megapixel JPEG through the real Process (S3 GET, type check, SHA-256, one decode, WebP
 * preview and thumbnail, ThumbHash, writes, DynamoDB) against bare sharp making the same two
 * resizes from bytes already in memory, both warm (a cold start is not counted); and what
 * decoding a phone's HEIC with libheif-js costs. Each case runs in a process of its own, so that its peak RSS is its own. Prints
 * figures; asserts nothing.
 *
 *   BENCH_PHOTOS (default 5): JPEGs per side, each with its own bytes (the API refuses
 *   duplicates), the same pixels.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";

const [mode, ...args] = process.argv.slice(2);
const photos = Number(process.env.BENCH_PHOTOS ?? 5);
const fixtures = fileURLToPath(new URL("../packages/core/test/fixtures/media/", import.meta.url));
const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MB`;
/**
 * Peak resident memory of this process so far: Linux's `VmHWM`, which starts afresh at exec
 * (`maxRSS` would count the parent's memory at the fork).
 */
function peakRss(): number {
  try {
    const status = readFileSync("/proc/self/status", "utf8");
    const kib = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    if (kib) return Number(kib) * 1024;
  } catch {}
  return process.resourceUsage().maxRSS * 1024;
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

/** What a measuring child prints on its last line. */
interface Measured {
  ms: number[];
  baselineRss: number;
  peakRss: number;
}

/** Bare sharp: the preview and the thumbnail, each from the original, upright; in ms. */
async function resizeBare(bytes: Uint8Array): Promise<number> {
  const started = performance.now();
  await Promise.all(
    [1600, 320].map((size) =>
      sharp(bytes)
        .autoOrient()
        .resize(size, size, { fit: "inside", withoutEnlargement: true })
        .webp()
        .toBuffer(),
    ),
  );
  return performance.now() - started;
}

/** Bare sharp alone in its process, for its peak memory. */
async function bareSharp(files: string[]): Promise<Measured> {
  const baselineRss = peakRss();
  const ms: number[] = [];
  for (const file of [files[0] ?? "", ...files]) ms.push(await resizeBare(readFileSync(file)));
  // The first run warmed up (libvips's start): not counted.
  return { ms: ms.slice(1), baselineRss, peakRss: peakRss() };
}

/** The real Process, behind the local stack's queue, timed per invocation. */
async function throughProcess(files: string[], dynamoDbEndpoint: string, s3Endpoint: string) {
  process.env.POWERTOOLS_LOG_LEVEL ??= "SILENT";
  const { createServer } = await import("node:http");
  const { createLocalApp } = await import("../packages/local/src/app");
  const { listen } = await import("../packages/local/src/ports");
  const { generateSigningKey } = await import("../packages/local/src/signing-key");
  let listener: Parameters<typeof createServer>[1] = () => {};
  const server = createServer((req, res) => listener?.(req, res));
  const url = `http://127.0.0.1:${await listen(server, 0, "127.0.0.1", "bench")}`;
  const invocations: number[] = [];
  const app = await createLocalApp({
    origin: url,
    dynamoDbEndpoint,
    s3Endpoint,
    tableName: "bench-processing-Table",
    bucketName: "bench-processing-media",
    signingKey: await generateSigningKey(),
    handlers: {
      Process: async (event, context) => {
        const { handler } = await import("../packages/functions/src/process");
        const started = performance.now();
        const result = await handler(event, context);
        invocations.push(performance.now() - started);
        return result;
      },
    },
  });
  listener = app.listener;
  const call = async <T>(path: string, body: unknown, token?: string): Promise<T> => {
    const res = await fetch(`${url}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    return res.json() as Promise<T>;
  };
  const { createHash } = await import("node:crypto");
  try {
    const signedUp = await call<{ accessToken: string }>("/api/auth/signup", {
      email: `bench.${Date.now()}@bench.example`,
      password: "violet-harbour-42",
      name: "Bench",
    });
    const token = signedUp.accessToken;
    // The stack and every handler loaded, before the first photo.
    const baselineRss = peakRss();
    const endToEnd: number[] = [];
    const bare: number[] = [];
    for (const file of files) {
      const bytes = readFileSync(file);
      const { media, upload } = await call<{
        media: { id: string };
        upload: { url: string; headers: Record<string, string> };
      }>(
        "/api/media",
        {
          filename: "photo.jpg",
          contentType: "image/jpeg",
          size: bytes.byteLength,
          checksum: createHash("sha256").update(bytes).digest("base64"),
        },
        token,
      );
      const put = await fetch(upload.url, { method: "PUT", headers: upload.headers, body: bytes });
      if (put.status !== 200) throw new Error(`the PUT answered ${put.status}`);
      const putDone = performance.now();
      const done = invocations.length + 1;
      for (;;) {
        await app.queues.idle();
        if (invocations.length >= done) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      endToEnd.push(performance.now() - putDone);
      const res = await fetch(`${url}/api/media/${media.id}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const status = ((await res.json()) as { media: { status: string } }).media.status;
      if (status !== "ready") throw new Error(`the photo is ${status}, not ready`);
      // Bare sharp on the same bytes, right after, in the same process: the same load.
      bare.push(await resizeBare(bytes));
    }
    // The first photo met a cold function (its modules loaded on first use): not counted.
    return {
      ms: invocations.slice(1),
      endToEnd: endToEnd.slice(1),
      bare: bare.slice(1),
      baselineRss,
      peakRss: peakRss(),
    };
  } finally {
    await app.close();
    server.close();
  }
}

/** Process's image code on a HEIC, as Process calls it with the bytes it read. */
async function heic(file: string): Promise<Measured> {
  const { renderImage } = await import("../packages/core/src/media/process/image");
  const bytes = readFileSync(file);
  const baselineRss = peakRss();
  const started = performance.now();
  const rendered = await renderImage(bytes, "image/heic");
  if (!rendered.derivatives.thumbnail) throw new Error(`${file} got no thumbnail`);
  return { ms: [performance.now() - started], baselineRss, peakRss: peakRss() };
}

/**
 * Runs one case in a child process (the same Node, through tsx) and reads its figures. Not
 * synchronously: this process serves the child's S3 endpoint meanwhile.
 */
async function child(
  ...childArgs: string[]
): Promise<Measured & { endToEnd?: number[]; bare?: number[] }> {
  const script = fileURLToPath(import.meta.url);
  const run = spawn(process.execPath, [...process.execArgv, script, ...childArgs], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  run.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  const status = await new Promise<number | null>((resolve) => run.on("close", resolve));
  const last = stdout.trim().split("\n").at(-1) ?? "";
  if (status !== 0) throw new Error(`${childArgs[0]} failed (${status}): ${last}`);
  return JSON.parse(last);
}

if (mode === "sharp") console.log(JSON.stringify(await bareSharp(args)));
else if (mode === "process") {
  const [dynamo = "", s3 = "", ...files] = args;
  console.log(JSON.stringify(await throughProcess(files, dynamo, s3)));
} else if (mode === "heic") console.log(JSON.stringify(await heic(args[0] ?? "")));
else await main();

async function main() {
  const { startDynamoDbLocal } = await import("../packages/local/src/dynamodb");
  const { freePort } = await import("../packages/local/src/ports");
  const { startS3Local } = await import("../packages/local/src/s3");
  const dir = mkdtempSync(join(tmpdir(), "bench-processing-"));
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const s3 = await startS3Local({ port: 0 });
  try {
    // A 6000×4000 photo-like picture (smooth noise, not flat colour), saved at quality 90.
    const pixels = await sharp({
      create: {
        width: 6000,
        height: 4000,
        channels: 3,
        background: "#000",
        noise: { type: "gaussian", mean: 128, sigma: 40 },
      },
    })
      .blur(1.2)
      .raw()
      .toBuffer({ resolveWithObject: true });
    const files: string[] = [];
    // One more for Process's cold start.
    for (let i = 0; i <= photos; i++) {
      const file = join(dir, `photo-${i}.jpg`);
      const jpeg = await sharp(pixels.data, { raw: pixels.info })
        .jpeg({ quality: 90 })
        .withExif({ IFD0: { ImageDescription: `bench photo ${i}` } })
        .toBuffer();
      writeFileSync(file, jpeg);
      files.push(file);
    }
    const size = readFileSync(files[0] ?? "").byteLength;
    const bare = await child("sharp", ...files.slice(1));
    const real = await child("process", dynamo.endpoint, s3.endpoint, ...files);
    const ms = (n: number) => `${n.toFixed(0)} ms`;
    const sharpMs = median(real.bare ?? []);
    console.log(
      `24 MP JPEG (6000×4000, ${mib(size)}) to ready, median of ${photos}, each photo then bare sharp in turn:\n` +
        `  Process invocation   ${ms(median(real.ms))}  (PUT answered → processed, queue included: ${ms(median(real.endToEnd ?? []))})\n` +
        `  bare sharp           ${ms(sharpMs)}  (the 1600 and 320 px WebP from bytes in memory; alone in a process: ${ms(median(bare.ms))})\n` +
        `  ratio ${(median(real.ms) / sharpMs).toFixed(2)}× (target ≤ 1.3×)\n` +
        `  peak RSS: Process's process ${mib(real.peakRss)} (target ≤ 512 MB; the whole local app, ${mib(real.baselineRss)} before the first photo), bare sharp ${mib(bare.peakRss)}`,
    );
    for (const name of ["heic-4032x3024.heic", "heic-8064x6048.heic"]) {
      const measured = await child("heic", join(fixtures, name));
      console.log(
        `HEIC ${name.slice(5, -5)} through libheif-js to derivatives: ${ms(measured.ms[0] ?? 0)}, peak RSS ${mib(measured.peakRss)} (${mib(measured.baselineRss)} before decoding)`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await Promise.all([dynamo.stop(), s3.stop()]);
  }
}
