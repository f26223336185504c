import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  interface ProvidedContext {
    /** The local stack's origin, e.g. `http://localhost:41234`. */
    baseUrl: string;
  }
}

const repo = fileURLToPath(new URL("../../../", import.meta.url));
const READY_TIMEOUT_MS = 90_000;

/**
 * Starts the real local stack (`npm start`) for the browser tests and stops it after.
 * `E2E_BASE_URL` points the tests at a stack that is already running instead.
 */
export default async function setup(project: TestProject) {
  const external = process.env.E2E_BASE_URL?.replace(/\/+$/, "");
  if (external) {
    project.provide("baseUrl", external);
    return;
  }
  // Each port found free on its own: PORT+1 and PORT+2 (the defaults for DynamoDB Local and
  // S3) may belong to someone else's connection on a busy machine.
  const port = await freePort();
  const [dynamoDbPort, s3Port] = [await freePort(), await freePort()];
  // Where the seed helpers (`seed/library.ts`) reach the stack's DynamoDB and S3.
  process.env.E2E_DYNAMODB_URL = `http://127.0.0.1:${dynamoDbPort}`;
  process.env.E2E_S3_URL = `http://localhost:${s3Port}`;
  const dataDir = await mkdtemp(join(tmpdir(), "sharespace-e2e-"));
  const output: string[] = [];
  let printedUrl: string | undefined;

  const child = spawn(join(repo, "node_modules/.bin/tsx"), ["packages/local/src/main.ts"], {
    cwd: repo,
    env: {
      ...process.env,
      PORT: String(port),
      DYNAMODB_PORT: String(dynamoDbPort),
      S3_PORT: String(s3Port),
      DATA_DIR: dataDir,
      // tsx's shebang finds `node` on PATH: make that the Node running these tests (24).
      PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`,
    },
    // Its own process group, so teardown stops it and everything it started (Java, Vite).
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output.push(text);
    if (output.length > 200) output.shift();
    // The ready line names the app's URL; other lines may name the stack's other ports.
    const url = text.match(/https?:\/\/[^\s"'()]+/g)?.find((found) => found.includes(`:${port}`));
    printedUrl ??= url?.replace(/\/+$/, "");
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);

  const stop = async () => {
    await stopGroup(child);
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const baseUrl = await waitUntilHealthy(child, port, () => printedUrl);
    project.provide("baseUrl", baseUrl);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- local stack output ---\n${output.join("")}`);
  }
  return stop;
}

async function waitUntilHealthy(
  child: ChildProcess,
  port: number,
  printedUrl: () => string | undefined,
): Promise<string> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the local stack exited early (${child.exitCode ?? child.signalCode})`);
    }
    const baseUrl = printedUrl() ?? `http://localhost:${port}`;
    const healthy = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) })
      .then((response) => response.status === 200)
      .catch(() => false);
    if (healthy) return baseUrl;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`GET /api/health did not answer 200 within ${READY_TIMEOUT_MS / 1000} s`);
}

/** SIGTERM to the whole group, SIGKILL if it is still there after 10 s. */
async function stopGroup(child: ChildProcess) {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name);
    } catch {
      // The group is already gone.
    }
  };
  signal("SIGTERM");
  const timeout = new Promise<"timeout">((resolve) => setTimeout(resolve, 10_000, "timeout"));
  if ((await Promise.race([exited, timeout])) === "timeout") signal("SIGKILL");
  // Children that outlived the leader (e.g. DynamoDB Local's java) are in the same group.
  signal("SIGKILL");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}
