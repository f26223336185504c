/**
 * A running `npm start` against what would hurt a developer: another machine reaching any of
 * its ports (DynamoDB Local would hand it every account), and DynamoDB Local dying under it.
 * Its ports are found in /proc, not taken from its configuration, so a port nobody knew
 * about is checked too. Linux only.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accepts, freePorts, type NpmStart, startNpm, stopNpm } from "../npm-start";
import { commandName, isLoopback, listeningSockets, processTree } from "../processes";

const linux = process.platform === "linux";
let dataDir: string;
let ports: Awaited<ReturnType<typeof freePorts>>;
let stack: NpmStart;
const running = new Set<ChildProcess>();
beforeAll(async () => {
  if (!linux) return;
  dataDir = await mkdtemp(join(tmpdir(), "sharespace-safety-"));
  ports = await freePorts();
  stack = await startNpm({ ...ports, DATA_DIR: dataDir }, running);
});
afterAll(async () => {
  await Promise.all([...running].map((child) => stopNpm(child, "SIGTERM")));
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** This machine's addresses that another machine could connect to. */
const externalAddresses = () =>
  Object.values(networkInterfaces())
    .flat()
    .filter((info) => info && !info.internal && !info.address.startsWith("fe80:"))
    .map((info) => info?.address as string);

const sockets = () => listeningSockets(processTree(stack.child.pid as number));

describe.skipIf(!linux)("npm start, seen from outside", () => {
  it("listens on loopback addresses only, Java included", () => {
    const listeners = sockets();
    // The stack's three ports are among those found (Vite's HMR shares the app's).
    expect(new Set(listeners.map((l) => String(l.port)))).toEqual(
      new Set([ports.PORT, ports.DYNAMODB_PORT, ports.S3_PORT]),
    );
    const java = listeners.find((l) => String(l.port) === ports.DYNAMODB_PORT);
    expect(commandName(java?.pid ?? 0)).toBe("java");
    expect(listeners.filter((l) => !isLoopback(l.address))).toEqual([]);
  });

  it("refuses connections to every port through this machine's other addresses", async () => {
    const addresses = externalAddresses();
    const listeners = sockets();
    expect(listeners.length).toBeGreaterThanOrEqual(3);
    for (const { port } of listeners) {
      expect(await accepts(port, "127.0.0.1"), `127.0.0.1:${port}`).toBe(true);
      for (const address of addresses) {
        expect(await accepts(port, address), `${address}:${port}`).toBe(false);
      }
    }
  });
});

describe.skipIf(!linux)("npm start when DynamoDB Local dies", () => {
  it("restarts it on the same data and port, and the API reads what was written before", async () => {
    const account = { email: "survivor@example.com", password: "violet-harbour-42", name: "Sam" };
    const post = (path: string, body: unknown) =>
      fetch(`${stack.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        // A dead database must answer fast: 503 within 10 s (a third of API Gateway's 30 s),
        // or the request fails the test. DynamoDB's client gives up within 3.3 s; the rest is
        // room for a loaded machine (5 s was once too little, with a load average of 5).
        signal: AbortSignal.timeout(10_000),
      });
    expect((await post("/api/auth/signup", account)).status).toBe(201);

    const java = sockets().find((l) => String(l.port) === ports.DYNAMODB_PORT)?.pid;
    expect(java && commandName(java)).toBe("java");
    process.kill(java as number, "SIGKILL");

    // The stack stays up (it answers, from the app's own port) and says why, in one line.
    const login = () =>
      post("/api/auth/login", { email: account.email, password: account.password });
    let status = 0;
    let outages = 0;
    for (let attempt = 0; attempt < 60 && status !== 200; attempt++) {
      const res = await login();
      status = res.status;
      if (status !== 200) {
        outages++;
        expect(res.status).toBe(503);
        expect(await res.json()).toMatchObject({ error: { code: "unavailable" } });
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    expect(status).toBe(200);
    // Java takes a second or more to come back: the first sign-in after the kill met it gone.
    expect(outages).toBeGreaterThan(0);
    expect(stack.child.exitCode).toBeNull();
    expect(stack.output()).toMatch(
      /DynamoDB Local stopped unexpectedly \(signal SIGKILL\); restarting it on the same data\n/,
    );
    const restarted = sockets().find((l) => String(l.port) === ports.DYNAMODB_PORT);
    expect(restarted?.pid).not.toBe(java);
    expect(isLoopback(restarted?.address ?? "")).toBe(true);
  }, 120_000);
});
