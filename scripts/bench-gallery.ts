/**
 * The gallery's part of `npm run bench:media`: DOM size and JS heap of `/gallery` in
 * Chromium for a large library against a small one. The web app is built for production
 * (as CloudFront serves it) and served from the bench's own origin beside the API; each
 * library is walked the same way (first screen, a jump to the oldest month through the
 * scrubber, a few screens of scrolling there, back to the newest) and measured after a
 * garbage collection at each stop. Prints figures; asserts nothing.
 * @module
 */
import { createReadStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

const webRoot = fileURLToPath(new URL("../packages/web/", import.meta.url));

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
  ".webmanifest": "application/manifest+json",
};

/** The production build of the web app, and a request listener that serves it as a SPA. */
export interface BuiltWeb {
  handle(req: IncomingMessage, res: ServerResponse): void;
  remove(): Promise<void>;
}

/** `vite build` into a temporary directory (takes a while: start it early). */
export async function buildWeb(): Promise<BuiltWeb> {
  const outDir = await mkdtemp(join(tmpdir(), "sharespace-bench-web-"));
  const { build } = await import("vite");
  await build({
    configFile: join(webRoot, "vite.config.ts"),
    root: webRoot,
    logLevel: "warn",
    build: { outDir, emptyOutDir: true },
  });
  return {
    handle(req, res) {
      const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
      const file = join(outDir, path);
      const send = (name: string) => {
        res.writeHead(200, { "content-type": types[extname(name)] ?? "application/octet-stream" });
        createReadStream(name).pipe(res);
      };
      stat(file).then(
        (found) =>
          send(found.isFile() && file.startsWith(outDir) ? file : join(outDir, "index.html")),
        // Client-side routes (`/gallery`) get the app's page.
        () => send(join(outDir, "index.html")),
      );
    },
    remove: () => rm(outDir, { recursive: true, force: true }),
  };
}

/** A person whose library is seeded, and how to sign in as them. */
export interface GalleryAccount {
  label: string;
  items: number;
  email: string;
  password: string;
}

interface Sample {
  stop: string;
  /** Elements in the document. */
  elements: number;
  /** Nodes in the document (elements, text, comments). */
  nodes: number;
  /** JS heap in use after a GC, bytes. */
  heap: number;
  /** Tiles rendered (items, not stand-ins). */
  tiles: number;
}

const settle = (page: Page, ms: number) => page.waitForTimeout(ms);

async function measure(page: Page, stop: string): Promise<Sample> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  await cdp.detach();
  // Strings, not functions: this script is type-checked without the DOM's types.
  const counts = (await page.evaluate(`(() => {
    const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
    let nodes = 1;
    while (walker.nextNode()) nodes++;
    return {
      nodes,
      elements: document.getElementsByTagName("*").length,
      tiles: document.querySelectorAll('[role="gridcell"][data-id]').length,
    };
  })()`)) as { nodes: number; elements: number; tiles: number };
  return { stop, heap: usedSize, ...counts };
}

/** Waits until tiles (not only their stand-ins) are on screen. */
async function tilesOnScreen(page: Page) {
  await page.waitForFunction(
    `[...document.querySelectorAll('[role="gridcell"][data-id]')].some((cell) => {
      const box = cell.getBoundingClientRect();
      return box.bottom > 0 && box.top < innerHeight;
    })`,
    undefined,
    { timeout: 60_000 },
  );
  await settle(page, 800);
}

/** One library: sign in in a fresh context, walk the gallery, measure at each stop. */
async function walk(browser: Browser, origin: string, account: GalleryAccount) {
  const context: BrowserContext = await browser.newContext({
    baseURL: origin,
    viewport: { width: 1280, height: 800 },
    reducedMotion: "reduce",
  });
  const login = await context.request.post("/api/auth/login", {
    data: { email: account.email, password: account.password },
  });
  if (login.status() !== 200) throw new Error(`sign-in answered ${login.status()}`);
  const page = await context.newPage();
  await page.goto("/gallery");
  await tilesOnScreen(page);
  const samples = [await measure(page, "first screen")];

  const scrubber = page.getByRole("slider", { name: "Jump to a month" });
  await scrubber.focus();
  await page.keyboard.press("End");
  await tilesOnScreen(page);
  samples.push(await measure(page, "oldest month"));

  // A few screens up from the oldest month, by the wheel, as a person browses.
  for (let i = 0; i < 6; i++) {
    await page.mouse.move(640, 500);
    await page.mouse.wheel(0, -700);
    await settle(page, 250);
  }
  await tilesOnScreen(page);
  samples.push(await measure(page, "scrolled"));

  await scrubber.focus();
  await page.keyboard.press("Home");
  await tilesOnScreen(page);
  samples.push(await measure(page, "back to newest"));
  await context.close();
  return samples;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Measures the gallery for each account (the small one first) and prints a line per stop
 * and the ratios large / small of the largest figures.
 */
export async function benchGallery(origin: string, small: GalleryAccount, large: GalleryAccount) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    const results: Record<string, Sample[]> = {};
    for (const account of [small, large]) {
      results[account.label] = await walk(browser, origin, account);
      for (const sample of results[account.label] ?? []) {
        console.log(
          `gallery ${String(account.items).padStart(6)} items, ${sample.stop.padEnd(15)} ${String(sample.elements).padStart(5)} elements  ${String(sample.nodes).padStart(6)} DOM nodes  ${mb(sample.heap).padStart(8)} JS heap  ${String(sample.tiles).padStart(4)} tiles`,
        );
      }
    }
    const peak = (label: string, key: "nodes" | "heap" | "elements") =>
      Math.max(...(results[label] ?? []).map((sample) => sample[key]));
    for (const [key, name] of [
      ["nodes", "DOM nodes"],
      ["heap", "JS heap"],
    ] as const) {
      const a = peak(small.label, key);
      const b = peak(large.label, key);
      const show = key === "heap" ? mb : String;
      console.log(
        `gallery ${name.padEnd(26)} ${String(small.items).padStart(6)}: ${show(a).padStart(9)}   ${String(large.items).padStart(6)}: ${show(b).padStart(9)}   ratio ${(b / a).toFixed(2)}×   (largest of the four stops, after GC)`,
      );
    }
  } finally {
    await browser.close();
  }
}
