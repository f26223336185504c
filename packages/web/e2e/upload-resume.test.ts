import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, expect, it } from "vitest";
import { browser, newContext, watchErrors } from "./browser";
import {
  apiGet,
  bigFile,
  type MediaItem,
  MiB,
  panel,
  panelHeading,
  recordPartPuts,
  signUp,
  throttleUploads,
} from "./uploads";

let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  context = await newContext(browser());
  await signUp(context, "resumer");
  page = await context.newPage();
});

it("resumes a large upload after a reload, sending only the parts S3 does not hold", async () => {
  // 120 MiB: eight 16 MiB parts, more than go at once, so a reload finds some parts held by
  // S3 and others not. The network is slowed so the reload lands mid-upload.
  const big = await bigFile(120);
  const name = big.path.split("/").at(-1) as string;
  // s3rver joins 120 MiB of parts slower than the API waits for S3, which then answers 503;
  // completing is idempotent and the uploader tries again.
  const errors = watchErrors(page, ["/upload/complete"]);
  const parts = recordPartPuts(page);
  try {
    await page.goto("/gallery");
    await page.getByRole("heading", { level: 1, name: "Gallery" }).waitFor();
    const cdp = await throttleUploads(page, 24 * MiB);
    const created = page.waitForResponse(
      (response) => response.url().endsWith("/api/media") && response.status() === 201,
    );
    await page.setInputFiles('input[data-upload-input="files"]', big.path);
    const { media, upload } = (await (await created).json()) as {
      media: MediaItem;
      upload: { multipart: { partCount: number } };
    };
    const { partCount } = upload.multipart;
    expect(partCount).toBe(8);

    // Progress, then a reload as soon as S3 holds a part.
    await panel(page)
      .getByRole("progressbar", { name: `${name}: uploading` })
      .waitFor();
    await expect
      .poll(() => parts.done.length, { timeout: 60_000, interval: 100 })
      .toBeGreaterThan(0);
    await page.reload();
    // Set once the old page is gone: a part it started while reloading belongs to it.
    parts.setPhase("after reload");
    await cdp.detach();
    await throttleUploads(page, undefined).then((session) => session.detach());

    // The file's bytes were too large to keep in the browser: the panel asks for it again.
    const row = panel(page).getByText("Choose this file again to resume");
    await row.waitFor({ timeout: 30_000 });
    expect(await panelHeading(page, "Uploads paused").count()).toBe(1);
    const listed = page.waitForResponse(
      (response) =>
        response.url().endsWith(`/api/media/${media.id}/upload/parts`) &&
        response.request().method() === "GET",
    );
    await page.setInputFiles('input[data-upload-input="files"]', big.path);

    const held = ((await (await listed).json()) as { parts: { partNumber: number }[] }).parts.map(
      (part) => part.partNumber,
    );
    await panelHeading(page, "Uploads finished")
      .waitFor({ timeout: 90_000 })
      .catch(async (error: unknown) => {
        throw new Error(`${error}\npanel: ${await panel(page).textContent()}`);
      });

    const all = Array.from({ length: partCount }, (_, i) => i + 1);
    const missing = all.filter((n) => !held.includes(n));
    expect(held.length).toBeGreaterThan(0);
    expect(missing.length).toBeGreaterThan(0);
    // Only the parts S3 lacked were sent after the reload, each once.
    expect(parts.sentIn("after reload").sort((a, b) => a - b)).toEqual(missing);
    expect(parts.sentIn("start").length).toBeGreaterThanOrEqual(held.length);

    // Completed: the API moved the item on from `uploading`.
    const { json } = await apiGet(context, `/api/media/${media.id}`);
    expect((json as { media: MediaItem }).media.status).not.toBe("uploading");
    expect(errors).toEqual([]);
  } finally {
    await big.remove();
  }
}, 240_000);
