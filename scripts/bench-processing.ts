/**
 * Processing figures (`npm run bench:media` runs this after its listing figures; alone:
 * `npx tsx scripts/bench-processing.ts`): a 24-megapixel JPEG, a 4000×3000 PNG and a 12 MP
 * HEIC through the real Process (S3 GET, type check, the checksum compared with the one S3
 * checked at the PUT, one decode, WebP preview and thumbnail, ThumbHash, writes, DynamoDB)
 * against the bare decoder making the same outputs from bytes already in memory (one decode,
 * then the 1600 and 320 px WebPs and the ThumbHash's render, as in `bareWork`; for the HEIC,
 * libheif-js decoding, then sharp), each photo then its bare work in turn, so load on the
 * machine hits both alike; warm (a cold start is not counted). Process
 * runs in a process of its own, as in Lambda (the local app, its API and queues, in
 * another), so the peak RSS is the function's alone; the bare work runs there too. Beside
 * each ratio, the CPU time of the function's process against the bare work's: the function's
 * own work, apart from its waits on the stand-ins, which here share its two cores (on AWS, S3
 * and DynamoDB run elsewhere). And what decoding a 48 MP HEIC costs. Prints figures; asserts
 * nothing.
 *
 * `run()` answers the figures as plain objects for a caller that gathers benches.
 *
 *   BENCH_PHOTOS (default 9): photos per case (the median is kept; each photo's own ratio
 *                             to its bare work is printed as a range, which shows the noise).
 *   BENCH_WARM_PHOTOS (default 60): small photos through the stack before each case's own
 *                                   (see `warmPhotos`).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import sharp, { type Sharp } from "sharp";
import { lambdaNodeHeapFlags, queues } from "../packages/core/src/queue";
import type { Figure } from "./bench/figure";

const photos = Number(process.env.BENCH_PHOTOS ?? 9);
const warmUps = Number(process.env.BENCH_WARM_PHOTOS ?? 60);
const fixtures = fileURLToPath(new URL("../packages/core/test/fixtures/media/", import.meta.url));
const MB = 1024 ** 2;
const mib = (bytes: number) =>
  bytes < MB / 10 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / MB).toFixed(1)} MB`;
/** The ratio Process may take over the bare work, and its memory. */
const TARGET_RATIO = 1.3;
const TARGET_RSS = 512 * MB;

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
/**
 * Starts the peak over from the memory resident now (Linux: `5` to `clear_refs`), so what
 * the bare work held before does not count as Process's; what it left resident still does.
 */
function resetPeak() {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
  } catch {}
}
/** CPU time of this process (all its threads) since `since`, in ms. */
const cpuMs = (since: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

/** A case: its photos on disk, of one type. */
interface Case {
  label: string;
  contentType: string;
  files: string[];
}

/** What a measuring child prints on its last line. */
interface Measured {
  /** Process invocations, ms. */
  ms: number[];
  /** The bare work on the same bytes, ms. */
  bare: number[];
  /**
   * CPU time (user + system, every thread of the function's process) of each, ms: the
   * function's own work, apart from its waits on the stand-ins, which share the cores here.
   */
  cpu: number[];
  bareCpu: number[];
  /** The Process function's process, its modules loaded, before the first photo. */
  baselineRss: number;
  /** The local app's process, at the end. */
  peakRss: number;
  /** The function's highest peak during an invocation (reset before each). */
  processPeakRss: number;
}

/**
 * The bare work, what Process must make from the bytes, already in memory, done the way
 * sharp does it best and the way Process does it: one decode (libheif-js for HEVC HEIF;
 * JPEG's shrink-on-load), upright, to an sRGB render of at most 1600 px a side; from that
 * render the 1600 px WebP (quality 80), the 320 px WebP (quality 75) and the ThumbHash of a
 * render of at most 100 px a side. Written here, not imported from Process, so that a slower
 * render in Process shows in the ratio. (Three pipelines straight from the encoded bytes
 * decode three times: slower for a PNG, so a kinder baseline.)
 */
async function bareWork(bytes: Uint8Array, contentType: string): Promise<number> {
  const started = performance.now();
  const { rgbaToThumbHash } = await import("thumbhash");
  const outputs = async (input: Sharp) => {
    const { data, info } = await input
      .resize(1600, 1600, { fit: "inside", withoutEnlargement: true })
      .toColourspace("srgb")
      .raw()
      .toBuffer({ resolveWithObject: true });
    const render = () =>
      sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
    return Promise.all([
      render().webp({ quality: 80 }).toBuffer(),
      render()
        .resize(320, 320, { fit: "inside", withoutEnlargement: true })
        .webp({ quality: 75 })
        .toBuffer(),
      render()
        .resize(100, 100, { fit: "inside" })
        .ensureAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true })
        .then((small) => rgbaToThumbHash(small.info.width, small.info.height, small.data)),
    ]);
  };
  if (contentType === "image/heic") {
    const { decodeHeif } = await import("../packages/core/src/media/process/heic");
    const { data, width, height } = await decodeHeif(bytes);
    await outputs(sharp(data, { raw: { width, height, channels: 4 } }).removeAlpha());
  } else {
    await outputs(sharp(bytes).autoOrient());
  }
  return performance.now() - started;
}

/** What the Lambda stand-in is asked: run Process on an event, or the bare work on a file. */
type LambdaAsk =
  | { kind: "warm" }
  | { kind: "event"; event: unknown; remainingMs: number }
  | { kind: "bare"; file: string; contentType: string };

/**
 * The Process function alone in a process of its own, as in Lambda (with the heap limits
 * Lambda's Node.js runtime sets for its memory): it imports the handler,
 * then runs what its parent asks (over IPC), answering the time each took and, for an
 * event, the peak RSS during it (the peak started afresh before each).
 */
async function lambda(): Promise<void> {
  const { handler } = await import("../packages/functions/src/process");
  process.on("message", async (ask: LambdaAsk) => {
    if (ask.kind === "warm") return process.send?.({ rss: peakRss() });
    if (ask.kind === "bare") {
      const bytes = readFileSync(ask.file);
      const cpu = process.cpuUsage();
      const ms = await bareWork(bytes, ask.contentType);
      return process.send?.({ ms, cpu: cpuMs(cpu) });
    }
    resetPeak();
    const started = performance.now();
    const cpu = process.cpuUsage();
    const context = {
      getRemainingTimeInMillis: () => ask.remainingMs - (performance.now() - started),
    };
    // biome-ignore lint/suspicious/noExplicitAny: the event as the local stack built it.
    await handler(ask.event as any, context as any);
    process.send?.({ ms: performance.now() - started, cpu: cpuMs(cpu), peakRss: peakRss() });
  });
  process.send?.({ ready: true });
}

/** Starts the Lambda stand-in; answers a function that asks it something and awaits the reply. */
async function startLambda() {
  const script = fileURLToPath(import.meta.url);
  const heap = lambdaNodeHeapFlags(queues.Processing.consumerMemoryMb);
  const run = spawn(process.execPath, [...process.execArgv, ...heap, script, "lambda"], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const replies: ((reply: Record<string, number>) => void)[] = [];
  run.on("message", (reply: Record<string, number>) => replies.shift()?.(reply));
  await new Promise<Record<string, number>>((resolve) => replies.push(resolve));
  const ask = (message: LambdaAsk) =>
    new Promise<Record<string, number>>((resolve) => {
      replies.push(resolve);
      run.send(message);
    });
  return { ask, stop: () => run.kill() };
}

/**
 * Small JPEGs (each its own bytes) that go through the whole flow before the measured photos,
 * as a stack that has been running a while has seen: DynamoDB Local's JVM compiles its hot
 * paths over its first few hundred requests (in a trace, the first photos' three DynamoDB
 * calls cost its JVM 120–500 ms of CPU, on the cores sharp decodes on; warm, under 20 ms),
 * and the endpoints' JavaScript warms up too. DynamoDB and S3 themselves are never cold. The
 * measured function's process is a fresh one, whose first photo is left out as before.
 */
async function warmPhotos(): Promise<Buffer[]> {
  const { data, info } = await sharp({
    create: {
      width: 96,
      height: 64,
      channels: 3,
      background: "#000",
      noise: { type: "gaussian", mean: 128, sigma: 40 },
    },
  })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return Promise.all(
    Array.from({ length: warmUps }, (_, i) =>
      sharp(data, { raw: info })
        .jpeg()
        .withExif({ IFD0: { ImageDescription: `warm-up photo ${i}` } })
        .toBuffer(),
    ),
  );
}

/**
 * The real Process behind the local stack's queue, run by the Lambda stand-in (its own
 * process, so its peak RSS is Process's alone), timed per invocation; the bare work on each
 * photo's bytes after it, in the same stand-in.
 */
async function throughProcess(
  contentType: string,
  files: string[],
  dynamoDbEndpoint: string,
  s3Endpoint: string,
): Promise<Measured> {
  const { signUpBench, startBenchApp } = await import("./bench/stack");
  const invocations: { ms: number; cpu: number; peakRss: number }[] = [];
  let lambdaOf: Awaited<ReturnType<typeof startLambda>> | undefined;
  const stack = await startBenchApp(
    { dynamoDbEndpoint, s3Endpoint },
    {
      tableName: "bench-processing-Table",
      bucketName: "bench-processing-media",
      handlers: {
        Process: async (event, context) => {
          const remainingMs = (
            context as { getRemainingTimeInMillis(): number }
          ).getRemainingTimeInMillis();
          const reply = await lambdaOf?.ask({ kind: "event", event, remainingMs });
          invocations.push({
            ms: reply?.ms ?? Number.NaN,
            cpu: reply?.cpu ?? Number.NaN,
            peakRss: reply?.peakRss ?? 0,
          });
          return { batchItemFailures: [] };
        },
      },
    },
  );
  const { url, app } = stack;
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
  /** One photo through the whole flow: the upload, its PUT, Process, then the item read back. */
  const toReady = async (token: string, filename: string, type: string, bytes: Uint8Array) => {
    const { media, upload } = await call<{
      media: { id: string };
      upload: { url: string; headers: Record<string, string> };
    }>(
      "/api/media",
      {
        filename,
        contentType: type,
        size: bytes.byteLength,
        checksum: createHash("sha256").update(bytes).digest("base64"),
      },
      token,
    );
    const done = invocations.length + 1;
    const put = await fetch(upload.url, { method: "PUT", headers: upload.headers, body: bytes });
    if (put.status !== 200) throw new Error(`the PUT answered ${put.status}`);
    for (;;) {
      await app.queues.idle();
      if (invocations.length >= done) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const res = await fetch(`${url}/api/media/${media.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const got = ((await res.json()) as { media: { status: string; urls?: object } }).media;
    if (got.status !== "ready" || !("thumbnail" in (got.urls ?? {}))) {
      throw new Error(`${filename} is ${got.status}, without its thumbnail`);
    }
  };
  // Started once the app has set the environment handlers read (table, bucket, endpoints).
  // The warm-up photos run in a function process of their own, stopped after them: the
  // stand-ins are warm, and the measured function starts as fresh as before.
  const warmer = await startLambda();
  try {
    lambdaOf = warmer;
    const { token } = await signUpBench(url, "Bench");
    for (const [i, bytes] of (await warmPhotos()).entries()) {
      await toReady(token, `warm-${i}.jpg`, "image/jpeg", bytes);
    }
    warmer.stop();
    lambdaOf = await startLambda();
    const measured = invocations.length;
    // The handler's modules loaded, before the first photo.
    const baselineRss = (await lambdaOf.ask({ kind: "warm" })).rss ?? 0;
    const bare: { ms: number; cpu: number }[] = [];
    for (const file of files) {
      await toReady(token, file.split("/").at(-1) ?? "photo", contentType, readFileSync(file));
      const { ms = Number.NaN, cpu = Number.NaN } = await lambdaOf.ask({
        kind: "bare",
        file,
        contentType,
      });
      bare.push({ ms, cpu });
    }
    // The first photo met a cold function (its modules loaded on first use): not counted.
    const warm = invocations.slice(measured + 1);
    return {
      ms: warm.map((i) => i.ms),
      bare: bare.slice(1).map((b) => b.ms),
      cpu: warm.map((i) => i.cpu),
      bareCpu: bare.slice(1).map((b) => b.cpu),
      baselineRss,
      peakRss: peakRss(),
      processPeakRss: Math.max(...warm.map((i) => i.peakRss)),
    };
  } finally {
    warmer.stop();
    lambdaOf?.stop();
    await stack.close();
  }
}

/** Process's image code on a HEIC, as Process calls it with the bytes it read. */
async function heicAlone(file: string) {
  const { renderImage } = await import("../packages/core/src/media/process/image");
  const bytes = readFileSync(file);
  const baselineRss = peakRss();
  const started = performance.now();
  const rendered = await renderImage(bytes, "image/heic");
  if (!rendered.derivatives.thumbnail) throw new Error(`${file} got no thumbnail`);
  return { ms: performance.now() - started, baselineRss, peakRss: peakRss() };
}

/**
 * Runs one case in a child process (the same Node, through tsx) and reads its figures. Not
 * synchronously: this process serves the child's S3 endpoint meanwhile.
 */
async function child<T>(...childArgs: string[]): Promise<T> {
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
  return JSON.parse(last) as T;
}

/** An ISO BMFF `free` box holding `text`. */
function freeBox(text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + payload.length, 0);
  header.write("free", 4, "ascii");
  return Buffer.concat([header, payload]);
}

/** `count + 1` photos of a case (one more for Process's cold start), each its own bytes. */
async function makeCases(dir: string, count: number): Promise<Case[]> {
  const noise = (width: number, height: number) =>
    sharp({
      create: {
        width,
        height,
        channels: 3,
        background: "#000",
        noise: { type: "gaussian", mean: 128, sigma: 40 },
      },
    })
      .blur(1.2)
      .raw()
      .toBuffer({ resolveWithObject: true });
  const jpegPixels = await noise(6000, 4000);
  const pngPixels = await noise(4000, 3000);
  const heic = readFileSync(join(fixtures, "heic-4032x3024.heic"));
  const cases: Case[] = [
    { label: "24 MP JPEG (6000×4000)", contentType: "image/jpeg", files: [] },
    { label: "4000×3000 PNG", contentType: "image/png", files: [] },
    { label: "12 MP HEIC (4032×3024)", contentType: "image/heic", files: [] },
  ];
  for (let i = 0; i <= count; i++) {
    const exif = { IFD0: { ImageDescription: `bench photo ${i}` } };
    const files = {
      "photo.jpg": await sharp(jpegPixels.data, { raw: jpegPixels.info })
        .jpeg({ quality: 90 })
        .withExif(exif)
        .toBuffer(),
      "photo.png": await sharp(pngPixels.data, { raw: pngPixels.info })
        .png({ compressionLevel: 6 })
        .withExif(exif)
        .toBuffer(),
      // The same picture, its bytes made unique by a trailing `free` box (which HEIF
      // readers skip): the same bytes twice would be a duplicate.
      "photo.heic": Buffer.concat([heic, freeBox(`bench photo ${i}`)]),
    };
    for (const [index, [name, bytes]] of Object.entries(files).entries()) {
      const file = join(dir, `${i}-${name}`);
      writeFileSync(file, bytes);
      cases[index]?.files.push(file);
    }
  }
  return cases;
}

/** Measures every case; answers the figures (and prints them unless `quiet`). */
export async function run({ quiet = false } = {}): Promise<Figure[]> {
  const say = quiet ? () => {} : (line: string) => console.log(line);
  const { startBenchServices } = await import("./bench/stack");
  const dir = mkdtempSync(join(tmpdir(), "bench-processing-"));
  const services = await startBenchServices();
  const figures: Figure[] = [];
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  try {
    const cases = await makeCases(dir, photos);
    say(`Photo to ready through Process vs the bare work, median of ${photos}:`);
    for (const { label, contentType, files } of cases) {
      const size = readFileSync(files[0] ?? "").byteLength;
      const real = await child<Measured>(
        "process",
        contentType,
        services.dynamoDbEndpoint,
        services.s3Endpoint,
        ...files,
      );
      const [processMs, bareMs] = [median(real.ms), median(real.bare)];
      const [cpu, bareCpu] = [median(real.cpu), median(real.bareCpu)];
      const ratio = processMs / bareMs;
      // Each photo against its own bare work, run right after it: how far single photos stray.
      const each = real.ms.map((ms, i) => ms / (real.bare[i] ?? Number.NaN));
      const spread = `${Math.min(...each).toFixed(2)}–${Math.max(...each).toFixed(2)}×`;
      figures.push(
        {
          name: `${label} to ready vs the bare decoder`,
          value: processMs,
          unit: "ms",
          baseline: bareMs,
          ratio,
          target: `≤ ${TARGET_RATIO}×`,
          met: ratio <= TARGET_RATIO,
        },
        {
          name: `${label}: peak RSS of the Process function while it runs`,
          value: real.processPeakRss / MB,
          unit: "MB",
          target: `≤ ${TARGET_RSS / MB} MB`,
          met: real.processPeakRss <= TARGET_RSS,
        },
        {
          name: `${label}: CPU time of the Process function vs the bare work's`,
          value: cpu,
          unit: "ms",
          baseline: bareCpu,
          ratio: cpu / bareCpu,
          target: "informational: the function's own work, all threads",
          met: true,
        },
      );
      say(
        `  ${`${label}, ${mib(size)}`.padEnd(36)} Process ${ms(processMs).padStart(7)}   bare ${ms(bareMs).padStart(7)}   ratio ${ratio.toFixed(2)}× (≤ ${TARGET_RATIO}×; photos ${spread})   CPU ${ms(cpu)} vs ${ms(bareCpu)}, ${(cpu / bareCpu).toFixed(2)}×   peak RSS ${mib(real.processPeakRss)} while processing (≤ 512 MB; the function's process alone, as in Lambda: ${mib(real.baselineRss)} before the first photo)`,
      );
    }
    const big = await child<{ ms: number; baselineRss: number; peakRss: number }>(
      "heic",
      join(fixtures, "heic-8064x6048.heic"),
    );
    figures.push({
      name: "48 MP HEIC through libheif-js to derivatives",
      value: big.peakRss / MB,
      unit: "MB",
      target: "informational (the function has 1,536 MB)",
      met: true,
    });
    say(
      `  48 MP HEIC (8064×6048) through libheif-js to derivatives: ${ms(big.ms)}, peak RSS ${mib(big.peakRss)} (${mib(big.baselineRss)} before decoding)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await services.close();
  }
  return figures;
}

const [mode, ...args] = process.argv.slice(2);
const direct = process.argv[1] === fileURLToPath(import.meta.url);
if (direct && mode === "process") {
  const [contentType = "", dynamo = "", s3 = "", ...files] = args;
  console.log(JSON.stringify(await throughProcess(contentType, files, dynamo, s3)));
} else if (direct && mode === "lambda") await lambda();
else if (direct && mode === "heic") console.log(JSON.stringify(await heicAlone(args[0] ?? "")));
else if (direct) await run();
