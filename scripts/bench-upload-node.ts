/**
 * `npx tsx scripts/bench-upload-node.ts`: the 1 GiB upload of `bench-upload.ts` driven from
 * Node instead of Chromium, as an API client (a sync tool, a CLI) would upload: the file's
 * SHA-256 through `node:crypto` beside the parts, `POST /api/media`, part URLs signed in
 * batches, parts sent six at a time straight to S3 from the file, the completion with the
 * checksum; against one raw presigned PUT of the same file to the same S3 endpoint from the
 * same process. Rounds alternate the two, each on a quiet stack (Process done with the last
 * upload, the queues idle). What it shows beside the browser's figure: the flow's own cost
 * (API round trips, signing, parts, the completion) without the browser's wasm hash. Prints
 * figures; asserts nothing.
 *
 *   BENCH_UPLOAD_MIB (default 1024), BENCH_UPLOAD_ROUNDS (default 3)
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeleteObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { S3_CREDENTIALS } from "../packages/local/src/s3";
import { cpuNow, cpuSince } from "./bench/cpu";
import { writeRandomFile } from "./bench/random-file";
import { signUpBench, startBenchStack } from "./bench/stack";

const MiB = 1024 * 1024;
const mib = Number(process.env.BENCH_UPLOAD_MIB ?? 1024);
const rounds = Number(process.env.BENCH_UPLOAD_ROUNDS ?? 3);
const BUCKET = "bench-upload-node-media";
/** Parts in flight at once, as the web client sends them. */
const PARALLEL = 6;

const work = await mkdtemp(join(tmpdir(), "sharespace-bench-upload-node-"));
const file = join(work, `bench-${mib}MiB.mp4`);
const size = mib * MiB;
await writeRandomFile(file, mib);
const stack = await startBenchStack({ tableName: "bench-upload-node-Table", bucketName: BUCKET });
const s3 = new S3Client({
  endpoint: stack.s3Endpoint,
  region: "us-east-1",
  forcePathStyle: true,
  credentials: S3_CREDENTIALS,
});
const { token } = await signUpBench(stack.url, "Bench");

/** The API, as the signed-in client calls it; answers the JSON body or throws. */
async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** PUTs bytes `start`…`end` (exclusive) of the file to `url`; answers the ETag. */
async function putRange(url: string, start: number, end: number): Promise<string> {
  const res = await fetch(url, {
    method: "PUT",
    headers: { "content-length": String(end - start) },
    body: createReadStream(file, { start, end: end - 1, highWaterMark: MiB }),
    duplex: "half",
  } as RequestInit);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`a PUT answered ${res.status}`);
  return res.headers.get("etag") ?? "";
}

async function sha256OfFile(): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file, { highWaterMark: 8 * MiB })) hash.update(chunk);
  return hash.digest("base64");
}

async function rawPut(round: number): Promise<number> {
  const Key = `bench/raw-${round}`;
  const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: BUCKET, Key }), {
    expiresIn: 900,
  });
  const started = performance.now();
  await putRange(url, 0, size);
  const seconds = (performance.now() - started) / 1000;
  await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key }));
  await stack.app.queues.idle();
  return seconds;
}

type Multipart = { multipart: { partSize: number; partCount: number } };

async function throughTheApi(round: number): Promise<number> {
  const started = performance.now();
  const hashed = sha256OfFile();
  const { media, upload } = await api<{ media: { id: string }; upload: Partial<Multipart> }>(
    "POST",
    "/api/media",
    { filename: `bench-${round}.mp4`, contentType: "video/mp4", size },
  );
  if (!upload.multipart) throw new Error("BENCH_UPLOAD_MIB must be above 64 (a multipart upload)");
  const { partSize, partCount } = upload.multipart;
  const numbers = Array.from({ length: partCount }, (_, i) => i + 1);
  const urls = new Map<number, string>();
  for (let i = 0; i < numbers.length; i += 100) {
    const { parts } = await api<{ parts: { partNumber: number; url: string }[] }>(
      "POST",
      `/api/media/${media.id}/upload/parts`,
      { partNumbers: numbers.slice(i, i + 100) },
    );
    for (const part of parts) urls.set(part.partNumber, part.url);
  }
  const etags: { partNumber: number; etag: string }[] = [];
  let next = 0;
  const sender = async () => {
    for (let n = numbers[next++]; n !== undefined; n = numbers[next++]) {
      const start = (n - 1) * partSize;
      const etag = await putRange(urls.get(n) ?? "", start, Math.min(start + partSize, size));
      etags.push({ partNumber: n, etag });
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, sender));
  etags.sort((a, b) => a.partNumber - b.partNumber);
  await api("POST", `/api/media/${media.id}/upload/complete`, {
    parts: etags,
    checksum: await hashed,
  });
  const seconds = (performance.now() - started) / 1000;
  // Process checks the whole upload against its checksum: done before the next measurement.
  for (;;) {
    await stack.app.queues.idle();
    const { media: item } = await api<{ media: { status: string } }>(
      "GET",
      `/api/media/${media.id}`,
    );
    if (item.status !== "processing") break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await api("DELETE", `/api/media/${media.id}`);
  await stack.app.queues.idle();
  return seconds;
}

try {
  console.log(
    `${mib} MiB of random bytes from Node, the local stack at ${stack.url}, ${rounds} rounds`,
  );
  const raw: number[] = [];
  const flow: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const before = cpuNow();
    raw.push(await rawPut(round));
    const rawCpu = cpuSince(before);
    const beforeFlow = cpuNow();
    flow.push(await throughTheApi(round));
    const [r = 0, f = 0] = [raw.at(-1), flow.at(-1)];
    console.log(
      `round ${round}: raw PUT ${r.toFixed(2)} s, whole flow ${f.toFixed(2)} s, ratio ${(r / f).toFixed(2)}×`,
    );
    console.log(`  raw PUT: ${rawCpu}\n  whole flow: ${cpuSince(beforeFlow)}`);
  }
  const [bestRaw, bestFlow] = [Math.min(...raw), Math.min(...flow)];
  console.log(
    `${mib} MiB upload, whole flow from Node vs raw PUT: ${bestFlow.toFixed(2)} s vs ${bestRaw.toFixed(2)} s, ratio ${(bestRaw / bestFlow).toFixed(2)}× (best of ${rounds}; target ≥ 0.8×)`,
  );
} finally {
  await stack.close();
  await rm(work, { recursive: true, force: true });
}
