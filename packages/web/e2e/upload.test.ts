import type { BrowserContext, Page, Request, Response, Route } from "playwright-core";
import sharp from "sharp";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { axeViolations } from "./axe";
import { browser, newContext, watchErrors } from "./browser";
import {
  apiGet,
  bigFile,
  fixture,
  listMedia,
  type MediaItem,
  MiB,
  onDisk,
  panel,
  panelHeading,
  photo,
  recordPartPuts,
  signUp,
  throttleUploads,
  untilStored,
} from "./uploads";

/**
 * Uploading through the web app against the real local stack (API, DynamoDB Local,
 * s3rver): the picker, progress, a video's poster frame, duplicates, cancel, a failure and
 * its retry. The reload-and-resume journey is in upload-resume.test.ts.
 */
let context: BrowserContext;
let page: Page;
let errors: string[];
// 4xx that belong to the story: a duplicate (409, at the start or, for a large file, at
// its completion) and the aborted request of the failure; a case adds the requests it fails.
const expectedFailures = ["/api/media", "/upload/complete"];

beforeAll(async () => {
  context = await newContext(browser());
  await signUp(context, "uploader");
  page = await context.newPage();
  errors = watchErrors(page, expectedFailures);
  await page.goto("/gallery");
  await page.getByRole("heading", { level: 1, name: "Gallery" }).waitFor();
});

// Each case starts with no panel (a failed case may leave rows behind).
afterEach(async () => {
  const close = page.getByRole("button", { name: "Close the uploads" });
  if (await close.isVisible()) await close.click();
});

/** The items `POST /api/media` created from now on, by filename. */
function recordCreated() {
  const created = new Map<string, MediaItem>();
  const onResponse = async (response: Response) => {
    if (response.request().method() !== "POST" || !response.url().endsWith("/api/media")) return;
    if (response.status() !== 201) return;
    const { media } = (await response.json()) as { media: MediaItem };
    created.set(media.filename, media);
  };
  page.on("response", onResponse);
  return { created, stop: () => page.off("response", onResponse) };
}

async function closePanel() {
  await page.getByRole("button", { name: "Close the uploads" }).click();
  await panel(page).waitFor({ state: "detached" });
}

describe("uploading from the gallery", () => {
  it("uploads three images, a HEIC and a short video picked with the button, showing progress", async () => {
    const files = [
      await photo("harbour.png", 20),
      await photo("lantern.jpg", 90, "jpeg"),
      await photo("violet.png", 160),
      await fixture("photo.heic"),
      await fixture("clip.mp4"),
    ];
    const { created, stop } = recordCreated();
    const puts: { path: string; response: Promise<Response | null> }[] = [];
    const onRequest = (request: Request) => {
      if (request.method() === "PUT") {
        puts.push({ path: new URL(request.url()).pathname, response: request.response() });
      }
    };
    page.on("request", onRequest);

    const chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: "Upload photos" }).click();
    await (await chooser).setFiles(files);

    // Progress: the panel counts the files in flight, each with a labelled bar, then the end.
    // ("Uploading 5 files" until the first is in: small files may finish before a slow,
    // cold dev server has shown every count, so any count of files in flight will do.)
    await panelHeading(page, /^Uploading [1-5] files?$/).waitFor();
    expect(await panel(page).getByRole("progressbar", { name: "All uploads" }).count()).toBe(1);
    await panelHeading(page, "Uploads finished").waitFor({ timeout: 30_000 });
    expect(await panel(page).textContent()).toContain("5 files uploaded");
    stop();
    page.off("request", onRequest);
    const stored: string[] = [];
    for (const put of puts) if ((await put.response)?.ok()) stored.push(put.path);

    // The API knows each item, as sent; S3 took each file (and the video's poster frame).
    expect([...created.keys()].sort()).toEqual(files.map((file) => file.name).sort());
    for (const file of files) {
      const item = created.get(file.name) as MediaItem;
      const { json } = await apiGet(context, `/api/media/${item.id}`);
      const { media } = json as { media: MediaItem };
      expect(media).toMatchObject({ filename: file.name, size: file.buffer.length });
      // Until processing lands an item may stay where the upload left it.
      expect(["uploading", "processing", "ready"]).toContain(media.status);
      expect(stored.some((path) => path.endsWith(`/${item.id}`))).toBe(true);
    }
    expect(created.get("photo.heic")?.contentType).toBe("image/heic");
    const video = created.get("clip.mp4") as MediaItem;
    expect(stored.some((path) => path.endsWith(`/${video.id}.poster`))).toBe(true);
    await closePanel();
  }, 60_000);

  it("says a small file's same bytes are already in the library, linking to the item, without uploading them", async () => {
    const file = await photo("twice.png", 60);
    await page.setInputFiles('input[data-upload-input="files"]', file);
    await panelHeading(page, "Uploads finished").waitFor({ timeout: 30_000 });
    const [first] = (await listMedia(context)).filter((item) => item.filename === "twice.png");
    // Counted as a duplicate only once it is processing (an item still uploading is not).
    await untilStored(context, first?.id as string);
    await closePanel();

    const { created, stop } = recordCreated();
    let puts = 0;
    const countPuts = (request: { method(): string }) => {
      if (request.method() === "PUT") puts++;
    };
    page.on("request", countPuts);
    await page.setInputFiles('input[data-upload-input="files"]', {
      ...file,
      name: "twice again.png",
    });
    const link = panel(page).getByRole("link", { name: "Already in your library" });
    await link.waitFor({ timeout: 30_000 });
    expect(await link.getAttribute("href")).toBe(`/media/${first?.id}`);
    page.off("request", countPuts);
    stop();
    // Hashed before it was announced: nothing was created, nothing sent.
    expect(puts).toBe(0);
    expect(created.has("twice again.png")).toBe(false);
    await closePanel();
  }, 60_000);

  it("says which of two small files picked at once with the same bytes is already in the library, though both were started", async () => {
    // A hue no other case of this file uses: the same bytes would be a duplicate there.
    const bytes = await photo("race a.png", 230);
    const { created, stop } = recordCreated();
    // Each PUT waits until both uploads are started: neither is live before the other's
    // start (on a slow machine the first could be sent and completed before the second is
    // hashed), so the API cannot refuse the second at its start.
    let release = () => {};
    const started = new Promise<void>((resolve) => {
      release = resolve;
    });
    let sent = 0;
    const hold = async (route: Route) => {
      if (route.request().method() !== "PUT") return route.fallback();
      await started;
      await route.continue();
      sent++;
    };
    await page.route("**/*", hold);
    await page.setInputFiles('input[data-upload-input="files"]', [
      bytes,
      { ...bytes, name: "race b.png" },
    ]);
    await expect.poll(() => created.size, { timeout: 30_000 }).toBe(2);
    release();
    await expect.poll(() => sent, { timeout: 30_000 }).toBe(2);
    await page.unroute("**/*", hold);
    const link = panel(page).getByRole("link", { name: "Already in your library" });
    await link.waitFor({ timeout: 30_000 });
    await panelHeading(page, "Uploads finished").waitFor({ timeout: 30_000 });
    stop();
    expect(await panel(page).textContent()).toContain(
      "1 file uploaded · 1 already in your library",
    );
    // The same row as a duplicate refused at its start, and accessible as such (colours
    // switched at once, so axe never reads a transition half done).
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
      expect(await axeViolations(page), colorScheme).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: null, reducedMotion: null });
    // The API could not refuse the second at its start: it learnt the outcome when its PUT
    // was completed.
    expect([...created.keys()].sort()).toEqual(["race a.png", "race b.png"]);
    const kept = (await listMedia(context)).filter((item) => item.filename.startsWith("race "));
    expect(kept).toHaveLength(1);
    expect(await link.getAttribute("href")).toBe(`/media/${kept[0]?.id}`);
    await closePanel();
  }, 60_000);

  it("says a large file's same bytes are already in the library once its hash, made while it was sent, is in; the copy is gone", async () => {
    // Above 64 MiB, so multipart: hashed while its parts go up, the checksum sent with the
    // completion, whose claim makes the first one `processing` whether or not Process ran.
    const noise = { type: "gaussian" as const, mean: 128, sigma: 60 };
    const background = { r: 0, g: 0, b: 0 };
    const { data, info } = await sharp({
      create: { width: 4800, height: 4800, channels: 3, background, noise },
    })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const buffer = await sharp(data, { raw: info }).png({ compressionLevel: 0 }).toBuffer();
    expect(buffer.length).toBeGreaterThan(64 * MiB);
    // Files this large go to the browser from disk, as a person's would.
    const original = await onDisk("panorama.png", buffer);
    const again = await onDisk("panorama copy.png", buffer);
    const { created, stop } = recordCreated();

    await page.setInputFiles('input[data-upload-input="files"]', original.path);
    await panelHeading(page, "Uploads finished").waitFor({ timeout: 60_000 });
    const first = created.get("panorama.png") as MediaItem;
    await closePanel();

    await page.setInputFiles('input[data-upload-input="files"]', again.path);
    const link = panel(page).getByRole("link", { name: "Already in your library" });
    await link.waitFor({ timeout: 60_000 });
    expect(await link.getAttribute("href")).toBe(`/media/${first.id}`);
    expect(await panel(page).textContent()).toContain("1 already in your library");
    expect(await panel(page).textContent()).not.toContain("failed");
    stop();
    // The copy's upload was removed by the API: no item, nothing counted twice.
    const copy = created.get("panorama copy.png") as MediaItem;
    expect((await apiGet(context, `/api/media/${copy.id}`)).status).toBe(404);
    expect(
      (await listMedia(context)).filter((item) => item.filename.startsWith("panorama")),
    ).toHaveLength(1);
    await closePanel();
    await Promise.all([original.remove(), again.remove()]);
  }, 120_000);

  it("cancels an upload in flight: S3 stops receiving it and the item is gone", async () => {
    const big = await bigFile(100);
    const { created, stop } = recordCreated();
    const cdp = await throttleUploads(page, 8 * MiB);
    try {
      await page.setInputFiles('input[data-upload-input="files"]', big.path);
      const name = big.path.split("/").at(-1) as string;
      const bar = panel(page).getByRole("progressbar", { name: `${name}: uploading` });
      await bar.waitFor();
      // Some bytes are on their way before the cancel.
      await page.waitForFunction(
        (label) =>
          Number(document.querySelector(`progress[aria-label="${label}"]`)?.getAttribute("value")) >
          0,
        `${name}: uploading`,
      );
      const aborted = page.waitForResponse(
        (response) =>
          response.request().method() === "DELETE" && response.url().endsWith("/upload"),
      );
      await panel(page)
        .getByRole("button", { name: `Cancel upload of ${name}` })
        .click();

      expect((await aborted).status()).toBe(204);
      await panel(page).getByText(name).waitFor({ state: "detached" });
      const item = created.get(name) as MediaItem;
      expect((await apiGet(context, `/api/media/${item.id}`)).status).toBe(404);
    } finally {
      stop();
      await cdp.detach();
      await throttleUploads(page, undefined).then((session) => session.detach());
      await big.remove();
    }
  }, 120_000);

  it("runs no animation while a file's bytes go up: each frame drawn takes CPU from the upload", async () => {
    const big = await bigFile(100);
    const cdp = await throttleUploads(page, 8 * MiB);
    // DevTools sees every animation, those of the progress bars' inner parts too.
    const animations = await context.newCDPSession(page);
    const started: string[] = [];
    animations.on("Animation.animationStarted", ({ animation }) =>
      started.push(`${animation.type} ${animation.name}`),
    );
    try {
      await page.setInputFiles('input[data-upload-input="files"]', big.path);
      const name = big.path.split("/").at(-1) as string;
      const label = `${name}: uploading`;
      await panel(page).getByRole("progressbar", { name: label }).waitFor();
      await animations.send("Animation.enable");
      // Three moves of the bar, then two frames, in which what they started would start.
      await page.evaluate(
        (label) =>
          new Promise<void>((resolve) => {
            const bar = document.querySelector(`progress[aria-label="${label}"]`);
            let moves = 0;
            const observer = new MutationObserver(() => {
              if (++moves < 3) return;
              observer.disconnect();
              requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
            });
            if (bar) observer.observe(bar, { attributes: true, attributeFilter: ["value"] });
          }),
        label,
      );
      expect(started).toEqual([]);
      await panel(page)
        .getByRole("button", { name: `Cancel upload of ${name}` })
        .click();
      await panel(page).getByText(name).waitFor({ state: "detached" });
    } finally {
      await animations.detach();
      await cdp.detach();
      await throttleUploads(page, undefined).then((session) => session.detach());
      await big.remove();
    }
  }, 120_000);

  it("sends a photo picked while a large file uploads at once, not after the large file's parts", async () => {
    // 100 MiB on a slow uplink: seven 16 MiB parts, each taking seconds, more than go at once.
    const big = await bigFile(100);
    const parts = recordPartPuts(page);
    const cdp = await throttleUploads(page, 8 * MiB);
    try {
      await page.setInputFiles('input[data-upload-input="files"]', big.path);
      const name = big.path.split("/").at(-1) as string;
      await expect
        .poll(() => parts.puts.length, { timeout: 30_000, interval: 100 })
        .toBeGreaterThan(0);
      const small = await photo("while-big.png", 40);
      // The one single PUT in flight: the photo's.
      const stored = page.waitForEvent("requestfinished", {
        predicate: (request) =>
          request.method() === "PUT" &&
          request.url().includes("/originals/") &&
          !new URL(request.url()).searchParams.has("partNumber"),
        timeout: 60_000,
      });
      await page.setInputFiles('input[data-upload-input="files"]', small);
      await stored;
      // The photo is in S3 before the first part of the large file is: it waited for none.
      expect(parts.done).toEqual([]);
      await panel(page)
        .getByRole("progressbar", { name: `${name}: uploading` })
        .waitFor();
      await panel(page)
        .getByRole("button", { name: `Cancel upload of ${name}` })
        .click();
      // The panel closes once the cancelled parts have stopped: the next case starts clean.
      await closePanel();
    } finally {
      await cdp.detach();
      await throttleUploads(page, undefined).then((session) => session.detach());
      await big.remove();
    }
  }, 120_000);

  it("shows a failure with its reason, and Retry finishes the upload", async () => {
    const file = await photo("retry-me.png", 200);
    await page.route("**/api/media", (route) => route.abort("connectionrefused"));
    await page.setInputFiles('input[data-upload-input="files"]', file);

    await panelHeading(page, "Nothing uploaded").waitFor({ timeout: 20_000 });
    expect(await panel(page).textContent()).toContain("1 failed");
    expect(await panel(page).textContent()).toContain("Can't reach ShareSpace");
    await page.unroute("**/api/media");

    await panel(page).getByRole("button", { name: "Retry retry-me.png" }).click();
    await panelHeading(page, "Uploads finished").waitFor({ timeout: 20_000 });
    expect(await panel(page).textContent()).toContain("1 file uploaded");
    await closePanel();
  }, 60_000);

  it("shows a PUT whose bytes S3 refuses as failed, and Retry sends it again", async () => {
    // S3 answers 400 BadDigest to a PUT whose bytes differ from its x-amz-checksum-sha256 (the
    // local S3 endpoint checks as S3 does): here the first PUT's checksum is changed on its way.
    const file = await photo("refused.png", 260);
    const other = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
    let refused = 0;
    const corrupt = async (route: Route, request: Request) => {
      if (request.method() !== "PUT" || refused++) return route.fallback();
      expectedFailures.push(request.url());
      await route.continue({ headers: { ...request.headers(), "x-amz-checksum-sha256": other } });
    };
    const answers: number[] = [];
    const onResponse = (response: Response) => {
      if (response.request().method() === "PUT" && response.url().includes("/originals/")) {
        answers.push(response.status());
      }
    };
    page.on("response", onResponse);
    await page.route("**/originals/**", corrupt);
    try {
      await page.setInputFiles('input[data-upload-input="files"]', file);
      await panelHeading(page, "Nothing uploaded").waitFor({ timeout: 20_000 });
      expect(answers).toEqual([400]);
      expect(await panel(page).textContent()).toContain("1 failed");
      // The page read S3's error code, not only its status.
      expect(await panel(page).textContent()).toContain("The file changed while it was being sent");

      await panel(page).getByRole("button", { name: "Retry refused.png" }).click();
      await panelHeading(page, "Uploads finished").waitFor({ timeout: 20_000 });
      expect(answers).toEqual([400, 200]);
      expect(await panel(page).textContent()).toContain("1 file uploaded");
      await closePanel();
    } finally {
      page.off("response", onResponse);
      await page.unroute("**/originals/**", corrupt);
    }
  }, 60_000);

  it("left no unexpected errors in the console", () => {
    expect(errors).toEqual([]);
  });
});
