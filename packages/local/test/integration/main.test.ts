/**
 * `npm start`'s failure modes, run as a developer would meet them: main.ts in a child
 * process, with the environment of each mistake. Each must end with exit code 1 and one line
 * on stderr that says what to do, and never start Java (the run's one DynamoDB is enough).
 */
import { spawn } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../src/config";
import { SHARED_DB_FILE } from "../../src/dynamodb/diagnose";
import { freePort } from "../../src/ports";

const TSX = join(REPO_ROOT, "node_modules/.bin/tsx");
const MAIN = join(REPO_ROOT, "packages/local/src/main.ts");
/** Node and tsx, and no java: node_modules/.bin holds the `node` package's binary. */
const NODE_ONLY_PATH = dirname(TSX);

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "sharespace-main-"));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runMain(env: Record<string, string>): Promise<Run> {
  const child = spawn(TSX, [MAIN], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? scratch, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

/** A DATA_DIR of its own and free ports for one run. */
async function setting(name: string): Promise<Record<string, string>> {
  const port = await freePort();
  return {
    DATA_DIR: join(scratch, name),
    PORT: String(port),
    DYNAMODB_PORT: String(await freePort()),
    S3_PORT: String(await freePort()),
  };
}

function expectOneLine(run: Run, pattern: RegExp): void {
  expect(run.code).toBe(1);
  expect(run.stdout).not.toMatch(/running at/);
  const lines = run.stderr.trim().split("\n");
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

describe.concurrent("npm start fails with one clear line", () => {
  it("when java is missing", async () => {
    const run = await runMain({ ...(await setting("no-java")), PATH: NODE_ONLY_PATH });
    expectOneLine(
      run,
      /^DynamoDB Local needs Java 17 or newer, and no `java` was found on PATH: install it \(e\.g\. apt-get install openjdk-17-jre-headless/,
    );
  });

  it("when java is too old", async () => {
    // What Java 11 prints when asked to run DynamoDB Local's Java 17 classes.
    const bin = join(scratch, "old-java");
    await mkdir(bin, { recursive: true });
    await writeFile(
      join(bin, "java"),
      `#!/bin/sh
echo "Error: LinkageError occurred while loading main class software.amazon.dynamodb.services.local.main.ServerRunner" >&2
echo "	java.lang.UnsupportedClassVersionError: software/amazon/dynamodb/services/local/main/ServerRunner has been compiled by a more recent version of the Java Runtime (class file version 61.0), this version of the Java Runtime only recognizes class file versions up to 55.0" >&2
exit 1
`,
    );
    await chmod(join(bin, "java"), 0o755);
    const run = await runMain({ ...(await setting("old-java")), PATH: `${bin}:${NODE_ONLY_PATH}` });
    expectOneLine(
      run,
      /^DynamoDB Local needs Java 17 or newer, and `java` on PATH is Java 11: install Java 17 or newer/,
    );
  });

  it("when the port is in use", async () => {
    const env = await setting("busy");
    const server = createServer().listen(Number(env.PORT), "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const run = await runMain(env);
      const next = Number(env.PORT) + 10;
      expectOneLine(
        run,
        new RegExp(`^Port ${env.PORT} is in use: stop the other program or set PORT=${next}`),
      );
    } finally {
      server.close();
    }
  });

  it("when DATA_DIR is a file", async () => {
    const env = await setting("a-file");
    await writeFile(env.DATA_DIR ?? "", "not a directory");
    const run = await runMain(env);
    expectOneLine(
      run,
      /is a file, not a directory: set DATA_DIR to a writable directory, or delete .* to start fresh/,
    );
  });

  it("when DynamoDB Local's database file is garbage", async () => {
    const env = await setting("garbage");
    await mkdir(join(env.DATA_DIR ?? "", "dynamodb"), { recursive: true });
    await writeFile(join(env.DATA_DIR ?? "", "dynamodb", SHARED_DB_FILE), "this is not SQLite");
    const run = await runMain(env);
    expectOneLine(run, /is not a DynamoDB Local database: delete .*garbage to start fresh/);
  });

  it("when PORT is not a port", async () => {
    const run = await runMain({ ...(await setting("bad-port")), PORT: "http" });
    expectOneLine(run, /^PORT must be a port number \(1-65535\), not "http"/);
  });
});
