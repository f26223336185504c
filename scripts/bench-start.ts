/**
 * `npm run bench:start`: how fast `npm start` gets going. Starts the stack `BENCH_RUNS` times
 * (default 7, after one warm-up start that creates the data) on one data directory and
 * prints medians of:
 *   - java: when DynamoDB Local's `java` was launched, after the stack's process started
 *     (from both processes' start times in /proc; Linux only);
 *   - dynamodb: when DynamoDB Local first answered ListTables (polled every 10 ms);
 *   - ready: when the ready line was printed;
 *   - ready - dynamodb: what the stack still needs once the database answers.
 * Asserts nothing. `BENCH_MAIN` runs another copy of main.ts (an older checkout, to compare).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { REPO_ROOT } from "../packages/local/src/config";
import { freePort } from "../packages/local/src/ports";

const runs = Number(process.env.BENCH_RUNS ?? 7);
const main = process.env.BENCH_MAIN ?? "packages/local/src/main.ts";
const TICK_MS = 10; // USER_HZ is 100 on Linux

interface Sample {
  java?: number;
  dynamodb: number;
  ready: number;
}

/** Start time of a process in ms since boot, from /proc/<pid>/stat (field 22). */
function startedAt(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[19]) * TICK_MS;
  } catch {
    return undefined;
  }
}

/** The `java` process among the descendants of `root`. */
function findJava(root: number): number | undefined {
  const parents = new Map<number, number>();
  const names = new Map<number, string>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      names.set(pid, stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")));
      parents.set(pid, Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone meanwhile
    }
  }
  for (const [pid, name] of names) {
    if (name !== "java") continue;
    for (let p = parents.get(pid); p; p = parents.get(p)) if (p === root) return pid;
  }
  return undefined;
}

/** DynamoDB Local answers a ListTables call (what the stack itself waits for). */
const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/",
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": "DynamoDB_20120810.ListTables",
          authorization:
            "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on("error", () => resolve(false));
    req.end("{}");
  });

async function startOnce(dataDir: string): Promise<Sample> {
  const env = {
    ...process.env,
    PORT: String(await freePort()),
    DYNAMODB_PORT: String(await freePort()),
    S3_PORT: String(await freePort()),
    DATA_DIR: dataDir,
    PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`,
  };
  const t0 = performance.now();
  const child: ChildProcess = spawn(join(REPO_ROOT, "node_modules/.bin/tsx"), [main], {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const ready = new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("ShareSpace is running at")) resolve(performance.now() - t0);
    });
    child.on("exit", (code) => reject(new Error(`npm start exited with ${code}`)));
  });
  let dynamodb = 0;
  let java: number | undefined;
  while (!(await answers(Number(env.DYNAMODB_PORT)))) {
    if (java === undefined && child.pid && process.platform === "linux") {
      const pid = findJava(child.pid);
      const [javaStart, nodeStart] = [pid && startedAt(pid), startedAt(child.pid)];
      if (javaStart !== undefined && nodeStart !== undefined) java = javaStart - nodeStart;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  dynamodb = performance.now() - t0;
  const readyAt = await ready;
  await new Promise((resolve) => {
    child.on("exit", resolve);
    child.kill("SIGINT");
  });
  return { java, dynamodb, ready: readyAt };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

const dataDir = await mkdtemp(join(tmpdir(), "sharespace-bench-start-"));
try {
  await startOnce(dataDir); // warm-up: creates the table, the bucket and the key
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    const sample = await startOnce(dataDir);
    samples.push(sample);
    console.log(
      `run ${i + 1}: java ${sample.java ?? "?"} ms, dynamodb ${sample.dynamodb.toFixed(0)} ms, ready ${sample.ready.toFixed(0)} ms`,
    );
  }
  const javas = samples.flatMap((s) => (s.java === undefined ? [] : [s.java]));
  const show = (label: string, values: number[]) =>
    console.log(`${label.padEnd(18)} median ${median(values).toFixed(0).padStart(6)} ms`);
  if (javas.length) show("java launched", javas);
  show(
    "dynamodb answers",
    samples.map((s) => s.dynamodb),
  );
  show(
    "ready",
    samples.map((s) => s.ready),
  );
  show(
    "ready - dynamodb",
    samples.map((s) => s.ready - s.dynamodb),
  );
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
