/**
 * The gallery in Chromium, against the local stack, served from the web app's production
 * build (as CloudFront serves it) on the bench's own origin beside the API:
 * - a signed-in load of `/gallery` with 200 items (thumbnails in the bucket): Largest
 *   Contentful Paint and Cumulative Layout Shift, the medians of several fresh loads, and
 *   the thumbnails fetched against the tiles on screen and the tiles rendered;
 * - DOM nodes and JS heap with 50,000 items against 200: each library walked the same way
 *   (first screen, a jump to the oldest month through the scrubber, a few screens of
 *   scrolling there, back to the newest) and measured after a garbage collection at each
 *   stop; the largest of the four stops.
 *
 *   BENCH_GALLERY_SMALL (default 200), BENCH_GALLERY_LARGE (default 50000),
 *   BENCH_GALLERY_LOADS (default 5)
 * @module
 */
import { createReadStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { type Figure, figure, median } from "./figure";
import { signUpBench, startBenchStack } from "./stack";

const webRoot = fileURLToPath(new URL("../../packages/web/", import.meta.url));
const smallCount = Number(process.env.BENCH_GALLERY_SMALL ?? 200);
const largeCount = Number(process.env.BENCH_GALLERY_LARGE ?? 50_000);
const loads = Number(process.env.BENCH_GALLERY_LOADS ?? 5);

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
    // The page's CSP forbids eval; the measures below are evaluated strings.
    bypassCSP: true,
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

function launch(): Promise<Browser> {
  return chromium.launch({
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
}

/** Walks each library and answers the largest of each measure over its stops. */
async function walkAll(browser: Browser, origin: string, accounts: GalleryAccount[]) {
  const peaks = new Map<string, { nodes: number; heap: number }>();
  for (const account of accounts) {
    const samples = await walk(browser, origin, account);
    for (const sample of samples) {
      console.log(
        `gallery ${String(account.items).padStart(6)} items, ${sample.stop.padEnd(15)} ${String(sample.elements).padStart(5)} elements  ${String(sample.nodes).padStart(6)} DOM nodes  ${mb(sample.heap).padStart(8)} JS heap  ${String(sample.tiles).padStart(4)} tiles`,
      );
    }
    peaks.set(account.label, {
      nodes: Math.max(...samples.map((sample) => sample.nodes)),
      heap: Math.max(...samples.map((sample) => sample.heap)),
    });
  }
  return peaks;
}

/** What one signed-in load of `/gallery` measured. */
interface Load {
  /** Largest Contentful Paint, ms from the navigation's start. */
  lcp: number;
  /** Cumulative Layout Shift (shifts not caused by input). */
  cls: number;
  /** Thumbnails the page asked for. */
  thumbnails: number;
  /** Tiles on screen, and tiles rendered (the virtualiser's window). */
  visible: number;
  rendered: number;
  /** Each layout shift: its value, what moved and when (for the log). */
  shifts: string[];
}

// Collects LCP and layout shifts from the first paint on (strings: no DOM types here).
const observe = `
  window.__lcp = 0; window.__cls = 0; window.__shifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__lcp = entry.renderTime || entry.loadTime || entry.startTime;
  }).observe({ type: "largest-contentful-paint", buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      window.__cls += entry.value;
      // What moved, for the log: the first source's element and class.
      const node = entry.sources[0] && entry.sources[0].node;
      window.__shifts.push(entry.value.toFixed(3) + " " + (node ? node.nodeName + "." + (node.className || "") : "?") + " @" + Math.round(entry.startTime));
    }
  }).observe({ type: "layout-shift", buffered: true });
`;

/** A fresh signed-in load of `/gallery`, until its thumbnails are in. */
async function load(browser: Browser, origin: string, account: GalleryAccount): Promise<Load> {
  const context = await browser.newContext({
    baseURL: origin,
    viewport: { width: 1280, height: 800 },
    reducedMotion: "reduce",
    // The page's CSP forbids eval; the measures below are evaluated strings.
    bypassCSP: true,
  });
  try {
    const login = await context.request.post("/api/auth/login", {
      data: { email: account.email, password: account.password },
    });
    if (login.status() !== 200) throw new Error(`sign-in answered ${login.status()}`);
    const page = await context.newPage();
    await page.addInitScript(observe);
    const thumbnails = new Set<string>();
    page.on("request", (request) => {
      const path = new URL(request.url()).pathname;
      if (/\/thumbnail(\.\w+)?$/.test(path)) thumbnails.add(path);
    });
    await page.goto("/gallery");
    await tilesOnScreen(page);
    // Every rendered thumbnail loaded (or failed): LCP has its final candidate.
    await page.waitForFunction(
      `[...document.querySelectorAll('[role="gridcell"] img')].every((img) => img.complete)`,
      undefined,
      { timeout: 30_000 },
    );
    await settle(page, 500);
    const measured = (await page.evaluate(`(() => {
      const cells = [...document.querySelectorAll('[role="gridcell"][data-id]')];
      const visible = cells.filter((cell) => {
        const box = cell.getBoundingClientRect();
        return box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
      }).length;
      return { lcp: window.__lcp, cls: window.__cls, shifts: window.__shifts, visible, rendered: cells.length };
    })()`)) as Omit<Load, "thumbnails">;
    return { ...measured, thumbnails: thumbnails.size };
  } finally {
    await context.close();
  }
}

/** A 320×240 WebP, what Process writes as a thumbnail. */
async function thumbnailBytes(): Promise<Buffer> {
  const sharp = (await import("sharp")).default;
  return sharp({ create: { width: 320, height: 240, channels: 3, background: "#6b8fb5" } })
    .webp()
    .toBuffer();
}

export async function run(): Promise<Figure[]> {
  let web: BuiltWeb | undefined;
  const stack = await startBenchStack({
    tableName: "bench-gallery-Table",
    bucketName: "bench-gallery",
    // Nothing is uploaded: Process has nothing to do.
    handlers: { Process: async () => {} },
    fallback: (req, res) => (web ? web.handle(req, res) : res.writeHead(404).end()),
  });
  let browser: Browser | undefined;
  try {
    web = await buildWeb();
    const { markVerified, seedLibrary } = await import("./seed");
    const { Storage } = await import("../../packages/core/src/storage");
    const account = async (label: string, items: number, years: number) => {
      const user = await signUpBench(stack.url, label);
      // Verified, as most people are (no "verify your email" banner over the page).
      await markVerified(user.id);
      const { ids } = await seedLibrary(user.id, items, years);
      return { user, ids, account: { label, items, email: user.email, password: user.password } };
    };
    // The small library spans six months (a screenful of tiles at every stop, as in the
    // large one's ten years), with its thumbnails in the bucket.
    const small = await account("Gallery", smallCount, 0.5);
    const bytes = await thumbnailBytes();
    for (let i = 0; i < small.ids.length; i += 20) {
      await Promise.all(
        small.ids
          .slice(i, i + 20)
          .map((id) => Storage.derived.write(small.user.id, id, "thumbnail", bytes, "image/webp")),
      );
    }
    const large = await account("Large", largeCount, 10);
    browser = await launch();

    await load(browser, stack.url, small.account); // warm-up: the file system, the stack
    const runs: Load[] = [];
    for (let i = 0; i < loads; i++) runs.push(await load(browser, stack.url, small.account));
    const at = (key: "lcp" | "cls" | "thumbnails" | "visible" | "rendered") =>
      median(runs.map((r) => r[key]));
    console.log(
      runs
        .map(
          (r) =>
            `gallery load: LCP ${r.lcp.toFixed(0)} ms, CLS ${r.cls.toFixed(3)}${r.shifts.length ? ` (${r.shifts.join(", ")})` : ""}, ${r.thumbnails} thumbnails for ${r.visible} tiles on screen (${r.rendered} rendered)`,
        )
        .join("\n"),
    );
    const peaks = await walkAll(browser, stack.url, [small.account, large.account]);
    const [a, b] = [peaks.get(small.account.label), peaks.get(large.account.label)];
    if (!a || !b) throw new Error("a walk measured nothing");
    const n = (count: number) => count.toLocaleString("en-US");
    return [
      figure(
        `gallery LCP, ${n(smallCount)} items`,
        { value: at("lcp") / 1000, unit: "s" },
        { kind: "max", value: 1, of: "value" },
      ),
      figure(
        `gallery CLS, ${n(smallCount)} items`,
        { value: at("cls"), unit: "" },
        { kind: "max", value: 0, of: "value" },
      ),
      figure(
        "gallery thumbnails fetched on load (vs tiles on screen)",
        { value: at("thumbnails"), unit: "images", baseline: at("visible") },
        { kind: "max", value: at("rendered"), of: "value" },
        `≤ tiles rendered (${at("rendered")}: on screen + overscan)`,
      ),
      figure(
        `gallery DOM nodes, ${n(largeCount)} items (vs ${n(smallCount)})`,
        { value: b.nodes, unit: "nodes", baseline: a.nodes },
        { kind: "max", value: 1.5, of: "ratio" },
      ),
      figure(
        `gallery JS heap, ${n(largeCount)} items (vs ${n(smallCount)})`,
        { value: b.heap / 1024 / 1024, unit: "MB", baseline: a.heap / 1024 / 1024 },
        { kind: "max", value: 1.5, of: "ratio" },
      ),
    ];
  } finally {
    await browser?.close();
    await stack.close();
    await web?.remove();
  }
}
