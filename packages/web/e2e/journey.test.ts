import { readFile } from "node:fs/promises";
import type { BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, expect, it } from "vitest";
import { axeViolations } from "./axe";
import { browser, firstLoad, newContext, watchErrors } from "./browser";
import { signUpIn } from "./people";
import {
  apiGet,
  fixture,
  type MediaItem,
  MiB,
  onDisk,
  panel,
  panelHeading,
  photo,
  recordPartPuts,
  throttleUploads,
} from "./uploads";

/**
 * One person's whole journey through the real local stack, as the media issue tells it:
 * upload several files (three images, a HEIC, a video and a large multipart one) with the
 * picker; the small ones' thumbnails appear in the gallery without a reload; a reload in the
 * middle of the large one resumes it; the viewer opens, goes to the next item, takes a new
 * title; two items are selected and deleted. axe checks each page on the way; the CSP setup
 * fails the test on any violation.
 */
let context: BrowserContext;
let page: Page;
const removals: (() => Promise<void>)[] = [];

beforeAll(async () => {
  context = await newContext(browser());
  await signUpIn(context, "Rosalind Franklin");
  page = await context.newPage();
});
afterAll(async () => {
  await Promise.all(removals.map((remove) => remove()));
});

const tile = (name: RegExp) => page.getByRole("gridcell", { name });
const viewer = () => page.locator("dialog[open]").first();

/** Whether a tile shows its thumbnail, loaded. */
const showsThumbnail = (name: RegExp) =>
  tile(name)
    .locator("img")
    .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)
    .catch(() => false);

/** Files on disk, as a person's are (the large one must be: the browser reads it from there). */
async function toDisk(payload: { name: string; buffer: Buffer }) {
  const file = await onDisk(payload.name, payload.buffer);
  removals.push(file.remove);
  return file.path;
}

/**
 * A 6400×6400 PNG of noise, stored uncompressed: about 117 MiB, a multipart upload of eight
 * parts, more than go at once, so a reload finds some held by S3 and others not.
 */
async function largePhoto() {
  const noise = { type: "gaussian" as const, mean: 128, sigma: 60 };
  const { data, info } = await sharp({
    create: { width: 6400, height: 6400, channels: 3, background: { r: 0, g: 0, b: 0 }, noise },
  })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const buffer = await sharp(data, { raw: info }).png({ compressionLevel: 0 }).toBuffer();
  expect(buffer.length).toBeGreaterThan(112 * MiB);
  return { name: "panorama.png", buffer };
}

it("uploads several files, sees thumbnails, resumes after a reload, views, edits, and deletes two", async () => {
  // S3 joins a large file's parts slower than the API waits (503, tried again); the reload
  // cuts requests in flight.
  const errors = watchErrors(page, ["/upload/complete"]);
  await page.goto("/gallery", firstLoad);
  await page.getByRole("heading", { level: 2, name: "Your gallery is empty" }).waitFor(firstLoad);
  expect(await axeViolations(page)).toEqual([]);

  const files = [
    await toDisk(await photo("harbour.png", 30)),
    await toDisk(await photo("lantern.jpg", 100, "jpeg")),
    await toDisk(await photo("violet.png", 190)),
    await toDisk(await fixture("photo.heic")),
    await toDisk(await fixture("clip.mp4")),
  ];
  const large = await toDisk(await largePhoto());
  const parts = recordPartPuts(page);
  const created = page.waitForResponse(
    async (response) =>
      response.url().endsWith("/api/media") &&
      response.status() === 201 &&
      (await response.json()).media.filename === "panorama.png",
  );
  // The small ones first, then the large one, on a slow uplink: it is still on its way
  // while the small ones are processed and their thumbnails show. (Picked together, its
  // parts, which need no hash first, would take every connection and the small ones would
  // wait behind them.)
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Upload photos" }).click();
  await (await chooser).setFiles(files);
  await panelHeading(page, /^Uploading [1-5] files?$/).waitFor();
  await panelHeading(page, "Uploads finished").waitFor({ timeout: 60_000 });
  const cdp = await throttleUploads(page, MiB / 4);
  await page.setInputFiles('input[data-upload-input="files"]', large);
  const { media: big, upload } = (await (await created).json()) as {
    media: MediaItem;
    upload: { multipart: { partCount: number } };
  };
  expect(upload.multipart.partCount).toBe(8);

  // The small ones appear in the gallery as they finish, with their thumbnails: no reload.
  for (const name of [/^harbour\.png, /, /^lantern\.jpg, /, /^violet\.png, /]) {
    await expect.poll(() => showsThumbnail(name), { timeout: 60_000 }).toBe(true);
  }
  await expect.poll(() => showsThumbnail(/^photo\.heic, /), { timeout: 60_000 }).toBe(true);
  // The timeline counts them (the large one is not in yet).
  await page.getByText("5 photos and videos").waitFor();
  expect(await axeViolations(page)).toEqual([]);

  // A faster uplink, and a reload once S3 holds a part of the large file, before it has all.
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: 24 * MiB,
  });
  await expect.poll(() => parts.done.length, { timeout: 60_000, interval: 100 }).toBeGreaterThan(0);
  const { json: during } = await apiGet(context, `/api/media/${big.id}`);
  expect((during as { media: MediaItem }).media.status).toBe("uploading");
  await page.reload();
  parts.setPhase("after reload");
  await cdp.detach();
  await throttleUploads(page, undefined).then((session) => session.detach());
  // Too large to keep in the browser: the panel asks for the file again, then resumes it.
  await panel(page).getByText("Choose this file again to resume").waitFor({ timeout: 30_000 });
  await page.setInputFiles('input[data-upload-input="files"]', large);
  await panelHeading(page, "Uploads finished").waitFor({ timeout: 120_000 });
  // Only what S3 lacked went up again.
  expect(parts.sentIn("after reload").length).toBeGreaterThan(0);
  expect(parts.sentIn("after reload").length).toBeLessThan(upload.multipart.partCount);
  // It joins the gallery as it finishes, then shows its thumbnail once processed.
  await expect.poll(() => showsThumbnail(/^panorama\.png, /), { timeout: 120_000 }).toBe(true);
  expect(await page.getByText("6 photos and videos").count()).toBe(1);
  await page.getByRole("button", { name: "Close the uploads" }).click();

  // The viewer: open one, the next one with the arrow key, a new title.
  await tile(/^harbour\.png, /).click();
  await viewer().getByRole("heading", { name: "harbour.png" }).waitFor();
  expect(page.url()).toMatch(/\/gallery\/med_[0-9A-Z]{26}$/);
  await page.keyboard.press("ArrowRight");
  await expect
    .poll(async () => viewer().getByRole("heading", { level: 2 }).first().textContent())
    .not.toBe("harbour.png");
  const title = viewer().getByRole("textbox", { name: "Title" });
  await title.fill("Evening light");
  await viewer().getByRole("button", { name: "Save changes" }).click();
  await viewer().getByRole("status").filter({ hasText: "Saved." }).waitFor();
  await viewer().getByRole("heading", { name: "Evening light" }).waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await page.keyboard.press("Escape");
  await expect.poll(() => page.locator("dialog[open]").count()).toBe(0);

  // Select two, delete them after a confirmation.
  await page.getByRole("button", { name: "Select", exact: true }).click();
  await tile(/^Evening light, /).click();
  await tile(/^violet\.png, /).click();
  const bar = page.getByRole("toolbar", { name: "Selection" });
  await bar.getByText("2 selected").waitFor();
  await bar.getByRole("button", { name: "Delete" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete 2 items?" });
  // Judged once it has faded in (half-way, its colours are half-way too).
  await confirm.waitFor();
  await confirm.evaluate((dialog) =>
    Promise.all(
      dialog
        .getAnimations({ subtree: true })
        .filter((a) => a.effect?.getComputedTiming().iterations !== Number.POSITIVE_INFINITY)
        .map((a) => a.finished),
    ),
  );
  expect(await axeViolations(page)).toEqual([]);
  await confirm.getByRole("button", { name: "Delete 2 items" }).click();
  await page.getByText("4 photos and videos").waitFor();
  expect(await tile(/^Evening light, /).count()).toBe(0);
  expect(await tile(/^violet\.png, /).count()).toBe(0);
  const listed = await apiGet(context, "/api/media?limit=100");
  const names = (listed.json as { items: MediaItem[] }).items.map((item) => item.filename).sort();
  expect(names).toHaveLength(4);
  expect(names).not.toContain("violet.png");
  // The large file was stored whole.
  const { json: stored } = await apiGet(context, `/api/media/${big.id}`);
  expect((stored as { media: MediaItem }).media.size).toBe((await readFile(large)).length);
  expect(errors).toEqual([]);
}, 420_000);
