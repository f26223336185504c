/**
 * Vite, as `npm start` mounts it, never serves local data: not the repository's `.data/`
 * (the default DATA_DIR), and not a DATA_DIR placed inside what Vite does serve. Requests go
 * out raw, so `..` and encoded variants reach Vite as written.
 */
import { randomBytes } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { createServer, request, type Server } from "node:http";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../src/config";
import { listen } from "../../src/ports";
import { startWeb, type Web } from "../../src/web";

const WEB_ROOT = join(REPO_ROOT, "packages/web");
const SECRET = `secret-${randomBytes(8).toString("hex")}`;
const suffix = randomBytes(4).toString("hex");
/** Where DATA_DIR is by default: the repository's `.data/`. */
const defaultDataDir = join(REPO_ROOT, ".data", `fs-test-${suffix}`);
/** A DATA_DIR inside a directory Vite serves (packages/web): only its own deny rule guards it. */
const servedDataDir = join(WEB_ROOT, "node_modules", `.sharespace-fs-test-${suffix}`);
/** A file Vite may serve, with the same content: proves the checks below can see a leak. */
const publicFile = join(WEB_ROOT, "node_modules", `.sharespace-fs-public-${suffix}`, "x.txt");

let server: Server;
let web: Web;
let port: number;
beforeAll(async () => {
  for (const dir of [defaultDataDir, servedDataDir]) {
    await mkdir(join(dir, "dynamodb"), { recursive: true });
    await writeFile(
      join(dir, "dynamodb", "shared-local-instance.db"),
      `SQLite format 3\0${SECRET}`,
    );
    await writeFile(join(dir, "signing-key.pem"), `-----BEGIN PRIVATE KEY-----\n${SECRET}\n`);
  }
  await mkdir(join(publicFile, ".."), { recursive: true });
  await writeFile(publicFile, SECRET);
  server = createServer((req, res) => web.handle(req, res));
  port = await listen(server, 0, "127.0.0.1", "web test");
  web = await startWeb({ root: WEB_ROOT, httpServer: server, dataDir: servedDataDir });
}, 60_000);
afterAll(async () => {
  await web?.stop();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  for (const dir of [defaultDataDir, servedDataDir, join(publicFile, "..")]) {
    await rm(dir, { recursive: true, force: true });
  }
});

/** GET with the path exactly as given (no normalisation of `..` or `//`). */
function get(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject).end();
  });
}

const variants = (file: string) => {
  const fromWeb = relative(WEB_ROOT, file);
  return [
    `/@fs${file}`,
    `/@fs${file}?raw`,
    `/@fs${file}?import&raw`,
    `/@fs${file}?raw??`,
    `/@fs${file}?url`,
    `/@fs${file}?import`,
    `/@fs${file.replaceAll("/", "//")}`,
    `/@fs${WEB_ROOT}/${fromWeb}`,
    `/@fs${WEB_ROOT}/src/../${fromWeb}`,
    `/@fs${file.replaceAll(".", "%2e")}`,
    `/${fromWeb}`,
    `/${fromWeb.replaceAll("..", "%2e%2e")}?raw`,
  ];
};

describe("Vite's file serving", () => {
  it("serves what the web app needs, and would show a leak", async () => {
    const core = await get(`/@fs${REPO_ROOT}/packages/core/src/limits.ts`);
    expect(core.status).toBe(200);
    expect(core.body).toContain("maxJsonBodyBytes");
    const leak = await get(`/@fs${publicFile}?raw`);
    expect(leak.body).toContain(SECRET);
  });

  it.each([
    ["the default DATA_DIR (.data/)", defaultDataDir],
    ["a DATA_DIR inside a served directory", servedDataDir],
  ])("never serves %s", async (_label, dataDir) => {
    for (const file of ["dynamodb/shared-local-instance.db", "signing-key.pem"]) {
      for (const path of variants(join(dataDir, file))) {
        const res = await get(path);
        expect(res.body, path).not.toContain(SECRET);
      }
    }
  });
});
