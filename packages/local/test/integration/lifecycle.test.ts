/**
 * `npm start` as a developer runs it: ready line, a healthy API, Ctrl-C (or SIGTERM) taking
 * everything down with it, Java included, and a second start finding the data of the first.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../src/config";
import { freePort } from "../../src/ports";

let dataDir: string;
let ports: { PORT: string; DYNAMODB_PORT: string; S3_PORT: string };
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "sharespace-lifecycle-"));
  ports = {
    PORT: String(await freePort()),
    DYNAMODB_PORT: String(await freePort()),
    S3_PORT: String(await freePort()),
  };
});
const running = new Set<ChildProcess>();
// A failed assertion must not leave a stack (and its Java) behind.
afterEach(() => Promise.all([...running].map((child) => stop(child, "SIGTERM"))));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** Starts main.ts and resolves with the URL it prints once ready. */
function start(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(join(REPO_ROOT, "node_modules/.bin/tsx"), ["packages/local/src/main.ts"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      ...ports,
      DATA_DIR: dataDir,
      PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`,
    },
  });
  running.add(child);
  child.on("exit", () => running.delete(child));
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = output.match(/ShareSpace is running at (http:\/\/\S+)/)?.[1];
      if (url) resolve({ child, url });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => reject(new Error(`exited ${code} before ready:\n${output}`)));
  });
}

function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.on("exit", (code) => resolve(code));
    child.kill(signal);
  });
}

/** True while something accepts connections on the port (DynamoDB Local's Java). */
const listening = (port: string) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(Number(port), "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

const account = { email: "lifecycle@example.com", password: "violet-harbour-42", name: "Life" };
const post = (url: string, path: string, body: unknown) =>
  fetch(`${url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("npm start", () => {
  it("serves a healthy API and stops everything, Java included, on SIGINT", async () => {
    const { child, url } = await start();
    expect(url).toBe(`http://localhost:${ports.PORT}`);
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    expect((await post(url, "/api/auth/signup", account)).status).toBe(201);
    expect(await listening(ports.DYNAMODB_PORT)).toBe(true);

    expect(await stop(child, "SIGINT")).toBe(0);
    expect(await listening(ports.DYNAMODB_PORT)).toBe(false);
    expect(await listening(ports.S3_PORT)).toBe(false);
    expect(await listening(ports.PORT)).toBe(false);
  });

  it("keeps the data for the next start, and stops on SIGTERM too", async () => {
    const { child, url } = await start();
    const { email, password } = account;
    expect((await post(url, "/api/auth/login", { email, password })).status).toBe(200);
    expect(await stop(child, "SIGTERM")).toBe(0);
    expect(await listening(ports.DYNAMODB_PORT)).toBe(false);
  });
});
