/**
 * `npm run bench`: latency of the account routes through the local stack (API Gateway
 * emulator with its JWT authorizer, the real handlers, DynamoDB Local), sequential
 * requests from one client, and the password KDF on its own. Prints figures; asserts
 * nothing. `BENCH_RUNS` sets the number of requests per route (default 40).
 */
import { createServer } from "node:http";
import { createLocalApp } from "../packages/local/src/app";
import { startDynamoDbLocal } from "../packages/local/src/dynamodb";
import { freePort, listen } from "../packages/local/src/ports";
import { startS3Local } from "../packages/local/src/s3";
import { generateSigningKey } from "../packages/local/src/signing-key";

const runs = Number(process.env.BENCH_RUNS ?? 40);
process.env.POWERTOOLS_LOG_LEVEL ??= "SILENT";

const dynamo = await startDynamoDbLocal({ port: await freePort() });
const s3 = await startS3Local({ port: 0 });
const server = createServer((req, res) => listener(req, res));
const port = await listen(server, 0, "127.0.0.1", "bench");
const url = `http://127.0.0.1:${port}`;
const app = await createLocalApp({
  origin: url,
  dynamoDbEndpoint: dynamo.endpoint,
  s3Endpoint: s3.endpoint,
  tableName: "bench-Table",
  bucketName: "bench-media",
  signingKey: await generateSigningKey(),
});
const listener = app.listener;

const post = (path: string, body?: unknown, cookie?: string) =>
  fetch(`${url}${path}`, {
    method: "POST",
    headers: {
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(cookie ? { cookie } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const refreshCookie = (res: Response) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith("ss_refresh="))
    ?.split(";")[0] ?? "";

async function time(label: string, fn: () => Promise<void>) {
  await fn(); // warm-up: first imports, JIT, key loading
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) =>
    samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  console.log(
    `${label.padEnd(28)} median ${at(0.5).toFixed(1).padStart(7)} ms   p90 ${at(0.9).toFixed(1).padStart(7)} ms   min ${at(0).toFixed(1).padStart(7)} ms   (${runs} runs)`,
  );
}

try {
  const account = { email: "bench@example.com", password: "violet-harbour-42", name: "Bench" };
  const signup = await post("/api/auth/signup", account);
  if (signup.status !== 201) throw new Error(`sign-up answered ${signup.status}`);
  const { accessToken } = (await signup.json()) as { accessToken: string };
  let cookie = refreshCookie(signup);

  const { hashPassword, verifyPassword, currentParams } = await import(
    "../packages/core/src/account/password"
  );
  const stored = await hashPassword(account.password);
  console.log(
    `scrypt N=${currentParams.N} r=${currentParams.r} p=${currentParams.p}, through the local stack at ${url}`,
  );
  await time("scrypt verify (in process)", async () => {
    await verifyPassword(account.password, stored);
  });
  await time("POST /api/auth/login", async () => {
    const res = await post("/api/auth/login", { email: account.email, password: account.password });
    if (res.status !== 200) throw new Error(`login answered ${res.status}`);
    await res.arrayBuffer();
  });
  // Unknown email and wrong password must take about as long as a real sign-in (no
  // account enumeration by timing). Fresh emails each run: failures are throttled per email.
  let n = 0;
  await time("login, unknown email (401)", async () => {
    const res = await post("/api/auth/login", { email: `nobody${n++}@example.com`, password: "x" });
    if (res.status !== 401) throw new Error(`unknown-email login answered ${res.status}`);
    await res.arrayBuffer();
  });
  await time("POST /api/auth/refresh", async () => {
    const res = await post("/api/auth/refresh", undefined, cookie);
    if (res.status !== 200) throw new Error(`refresh answered ${res.status}`);
    cookie = refreshCookie(res);
    await res.arrayBuffer();
  });
  await time("GET /api/me (JWT authorizer)", async () => {
    const res = await fetch(`${url}/api/me`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    if (res.status !== 200) throw new Error(`me answered ${res.status}`);
    await res.arrayBuffer();
  });
} finally {
  await app.close();
  server.close();
  await s3.stop();
  await dynamo.stop();
}
