import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { axeViolations, scrollsSideways } from "./axe";
import { browser, newContext } from "./browser";
import { bigFile, MiB, panel, panelHeading, photo, signUp, throttleUploads } from "./uploads";

/**
 * axe-core over the upload panel in each of its states, light and dark, and the drop
 * overlay. The states come from real uploads, except two answers of the API that are
 * staged with a route (a refused connection, a duplicate): the journeys that reach them for
 * real are in upload.test.ts.
 */
let page: Page;
const uncaught: string[] = [];

beforeAll(async () => {
  const context = await newContext(browser(), { reducedMotion: "reduce" });
  await signUp(context, "a11y-uploader");
  page = await context.newPage();
  page.on("pageerror", (error) => uncaught.push(error.message));
  await page.goto("/gallery");
  await page.getByRole("heading", { level: 1, name: "Gallery" }).waitFor();
});

async function expectAccessible(state: string) {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const dark = await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches);
    expect(dark).toBe(colorScheme === "dark");
    expect(await axeViolations(page), `${state}, ${colorScheme}`).toEqual([]);
  }
  await page.setViewportSize({ width: 390, height: 844 });
  // The gallery's rows are laid out again for the new width on the next frames (finished
  // uploads are in it now): judge the page once they are.
  await expect
    .poll(() => scrollsSideways(page), { message: `${state} scrolls sideways on a phone` })
    .toBe(false);
  await page.setViewportSize({ width: 1280, height: 800 });
}

const input = 'input[data-upload-input="files"]';

describe("the upload panel", () => {
  it("passes axe while uploading, when paused by a reload, done, failed, refused and duplicate", async () => {
    const big = await bigFile(100);
    const name = big.path.split("/").at(-1) as string;
    try {
      // Uploading: a large file held back by a slow network, beside small ones.
      const cdp = await throttleUploads(page, 4 * MiB);
      await page.setInputFiles(input, big.path);
      await panel(page)
        .getByRole("progressbar", { name: `${name}: uploading` })
        .waitFor();
      await expectAccessible("uploading");

      // Folded away while it uploads.
      await panel(page).getByRole("button", { name: "Hide the list" }).click();
      await expectAccessible("uploading, list folded");
      await panel(page).getByRole("button", { name: "Show the list" }).click();

      // Paused: the reload left the large file's upload waiting for its file.
      await page.reload();
      await cdp.detach();
      await throttleUploads(page, undefined).then((session) => session.detach());
      await panelHeading(page, "Uploads paused").waitFor({ timeout: 30_000 });
      await expectAccessible("paused");
      await panel(page)
        .getByRole("button", { name: `Cancel upload of ${name}` })
        .click();
      await panel(page).waitFor({ state: "detached" });

      // Done.
      await page.setInputFiles(input, [await photo("dawn.png", 30), await photo("dusk.png", 60)]);
      await panelHeading(page, "Uploads finished").waitFor({ timeout: 30_000 });
      await expectAccessible("done");

      // Failed (no answer from the API) and refused (not a photo), beside the done ones.
      await page.route("**/api/media", (route) => route.abort("connectionrefused"));
      await page.setInputFiles(input, [
        await photo("noon.png", 90),
        { name: "drawing.svg", mimeType: "image/svg+xml", buffer: Buffer.from("<svg/>") },
      ]);
      await panel(page).getByRole("button", { name: "Retry noon.png" }).waitFor();
      await panel(page).getByText("drawing.svg").waitFor();
      await expectAccessible("failed and refused");
      await page.unroute("**/api/media");

      // Duplicate: already in the library, with its link.
      await page.route("**/api/media", (route) =>
        route.fulfill({
          status: 409,
          json: {
            error: {
              code: "duplicate",
              message: "This file is already in your library.",
              mediaId: "med_01M8ZZZZZZZZZZZZZZZZZZZZZZ",
            },
          },
        }),
      );
      await page.setInputFiles(input, await photo("twice.png", 120));
      await panel(page).getByRole("link", { name: "Already in your library" }).waitFor();
      await expectAccessible("duplicate");
      await page.unroute("**/api/media");
    } finally {
      await big.remove();
    }
  }, 180_000);

  it("passes axe with the drop overlay shown", async () => {
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(["x"], "photo.jpg", { type: "image/jpeg" }));
      window.dispatchEvent(new DragEvent("dragenter", { dataTransfer: data, bubbles: true }));
    });
    await page.getByText("Drop to upload").waitFor();
    await expectAccessible("drop overlay");
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(["x"], "photo.jpg", { type: "image/jpeg" }));
      window.dispatchEvent(new DragEvent("dragleave", { dataTransfer: data, bubbles: true }));
    });
    await page.getByText("Drop to upload").waitFor({ state: "detached" });
    expect(uncaught).toEqual([]);
  });
});
