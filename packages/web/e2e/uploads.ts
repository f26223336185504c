import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { expect } from "vitest";

/** A file for `setInputFiles`/`setFiles`. */
export interface Payload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
export const MiB = 1024 * 1024;

/** A small photo of one colour, made here: `hue` makes each one's bytes (and checksum) differ. */
export async function photo(name: string, hue: number, format: "png" | "jpeg" = "png") {
  const image = sharp({
    create: { width: 96, height: 64, channels: 3, background: { r: hue, g: 120, b: 255 - hue } },
  });
  const buffer = await (format === "png" ? image.png() : image.jpeg({ quality: 80 })).toBuffer();
  return { name, mimeType: `image/${format}`, buffer } satisfies Payload;
}

/** The committed fixtures (see fixtures/README.md): a HEIC photo and a two-second MP4. */
export async function fixture(name: "photo.heic" | "clip.mp4"): Promise<Payload> {
  const buffer = await readFile(join(fixtures, name));
  // Browsers outside Apple systems give HEIC no type: the uploader goes by the extension.
  return { name, mimeType: name.endsWith(".mp4") ? "video/mp4" : "", buffer };
}

/**
 * A large file of random bytes on disk (the browser reads it from there, as from a
 * person's disk). Its name ends in .mp4 so it is taken; Process later finds it is no video.
 */
export async function bigFile(mib: number) {
  const path = join(tmpdir(), `sharespace-e2e-${process.pid}-${Date.now()}-${mib}MiB.mp4`);
  const out = createWriteStream(path);
  for (let i = 0; i < mib; i++) {
    if (!out.write(randomBytes(MiB)))
      await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve, reject) => {
    out.once("error", reject);
    out.end(() => resolve());
  });
  return { path, remove: () => rm(path, { force: true }) };
}

/** Writes `buffer` to a file named `name` in a folder of its own (for files over 50 MB). */
export async function onDisk(name: string, buffer: Buffer) {
  const folder = await mkdtemp(join(tmpdir(), "sharespace-e2e-"));
  const path = join(folder, name);
  await writeFile(path, buffer);
  return { path, remove: () => rm(folder, { recursive: true, force: true }) };
}

/** Signs a new account up in `context` (its cookies then restore the session in pages). */
export async function signUp(context: BrowserContext, who: string) {
  const response = await context.request.post("/api/auth/signup", {
    data: {
      name: who,
      email: `${who}.${Date.now()}@example.com`,
      password: "violet harbour lantern",
    },
  });
  expect(response.status()).toBe(201);
}

/** The API as the signed-in browser sees it: a fresh access token from the refresh cookie. */
export async function apiGet(context: BrowserContext, path: string) {
  const refreshed = await context.request.post("/api/auth/refresh");
  const { accessToken } = (await refreshed.json()) as { accessToken: string };
  const response = await context.request.get(path, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  return {
    status: response.status(),
    json: response.status() === 200 ? await response.json() : undefined,
  };
}

export interface MediaItem {
  id: string;
  filename: string;
  status: string;
  contentType: string;
  size: number;
}

/** The account's media, all of it (tests stay under one page). */
export async function listMedia(context: BrowserContext): Promise<MediaItem[]> {
  const { json } = await apiGet(context, "/api/media?limit=100");
  return (json as { items: MediaItem[] }).items;
}

/** Waits until the API has moved `id` past `uploading` (S3's event reached Process). */
export async function untilStored(context: BrowserContext, id: string) {
  for (let i = 0; i < 100; i++) {
    const { json } = await apiGet(context, `/api/media/${id}`);
    const status = (json as { media?: MediaItem } | undefined)?.media?.status;
    if (status && status !== "uploading") return status;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${id} stayed uploading`);
}

/** The part PUTs the page sends to S3, numbered, each marked with the phase of the test. */
export function recordPartPuts(page: Page) {
  const puts: { phase: string; part: number }[] = [];
  const done: number[] = [];
  let phase = "start";
  const partOf = (url: string, method: string) => {
    const parsed = new URL(url);
    return method === "PUT" && parsed.searchParams.has("partNumber")
      ? Number(parsed.searchParams.get("partNumber"))
      : undefined;
  };
  page.on("request", (request) => {
    const part = partOf(request.url(), request.method());
    if (part !== undefined) puts.push({ phase, part });
  });
  page.on("requestfinished", async (request) => {
    const part = partOf(request.url(), request.method());
    if (part !== undefined && (await request.response())?.ok()) done.push(part);
  });
  return {
    puts,
    done,
    setPhase: (next: string) => {
      phase = next;
    },
    sentIn: (which: string) => puts.filter((put) => put.phase === which).map((put) => put.part),
  };
}

/** Limits the page's upload speed (DevTools network emulation), or lifts the limit. */
export async function throttleUploads(page: Page, bytesPerSecond: number | undefined) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: bytesPerSecond ?? -1,
  });
  return cdp;
}

/** The upload panel (a region named by its heading). */
export const panel = (page: Page) => page.locator("section[data-upload-panel]");
export const panelHeading = (page: Page, name: string | RegExp) =>
  page.getByRole("region", { name }).getByRole("heading", { level: 2, name });
