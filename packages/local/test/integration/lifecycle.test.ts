/**
 * `npm start` as a developer runs it: ready line, a healthy API, Ctrl-C (or SIGTERM) taking
 * everything down with it, Java included, and a second start finding the data of the first.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { accepts, freePorts, startNpm, stopNpm as stop } from "../npm-start";

let dataDir: string;
let ports: Awaited<ReturnType<typeof freePorts>>;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "sharespace-lifecycle-"));
  ports = await freePorts();
});
const running = new Set<ChildProcess>();
// A failed assertion must not leave a stack (and its Java) behind.
afterEach(() => Promise.all([...running].map((child) => stop(child, "SIGTERM"))));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const start = () => startNpm({ ...ports, DATA_DIR: dataDir }, running);
/** True while something accepts connections on the port (DynamoDB Local's Java). */
const listening = (port: string) => accepts(port);

const account = { email: "lifecycle@example.com", password: "violet-harbour-42", name: "Life" };
const post = (url: string, path: string, body: unknown) =>
  fetch(`${url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

// Two full starts of `npm start` (Java, Vite, handlers) per test: a busy 2-core machine needs
// more than the suite's 30 s.
describe("npm start", { timeout: 90_000 }, () => {
  it("serves a healthy API and stops everything, Java included, on SIGINT", async () => {
    const { child, url, output } = await start();
    expect(url).toBe(`http://localhost:${ports.PORT}`);
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    expect((await post(url, "/api/auth/signup", account)).status).toBe(201);
    expect(await listening(ports.DYNAMODB_PORT)).toBe(true);

    expect(await stop(child, "SIGINT")).toBe(0);
    // Java stopped with the rest, not mistaken for a crash (no restart on the way out).
    expect(output()).not.toMatch(/unexpectedly|restarting/);
    expect(await listening(ports.DYNAMODB_PORT)).toBe(false);
    expect(await listening(ports.S3_PORT)).toBe(false);
    expect(await listening(ports.PORT)).toBe(false);
  });

  it("keeps the data for the next start, and stops on SIGTERM too", async () => {
    const { child, url, output } = await start();
    const { email, password } = account;
    expect((await post(url, "/api/auth/login", { email, password })).status).toBe(200);
    expect(await stop(child, "SIGTERM")).toBe(0);
    expect(output()).not.toMatch(/unexpectedly|restarting/);
    expect(await listening(ports.DYNAMODB_PORT)).toBe(false);
  });
});
