import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { axeViolations, scrollsSideways } from "./axe";
import { baseUrl, browser, firstLoad, newContext, patience, watchErrors } from "./browser";
import { signUpIn } from "./people";
import { seedLibrary, useLocalStack } from "./seed/library";

/**
 * The gallery's states as a person meets them (empty, items still processing, one that
 * failed, a selection, the confirmation, the viewer), each through axe-core in light and
 * dark, and at a phone's width without sideways scroll.
 */
beforeAll(async () => {
  await useLocalStack(baseUrl());
});

/** Each case runs axe a dozen times: on a busy machine that takes minutes. */
const long = { timeout: 240_000 };

/** axe-core over the page as it is, in light and in dark. */
async function checkBothSchemes(page: Page, state: string) {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
    expect(await axeViolations(page), `${state}, ${colorScheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

async function member(name: string): Promise<{ context: BrowserContext; userId: string }> {
  const context = await newContext(browser(), { reducedMotion: "reduce" });
  const { userId } = await signUpIn(context, name);
  return { context, userId };
}

describe("an empty gallery", () => {
  it("says what to do first, and passes axe in light and dark at both sizes", long, async () => {
    const { context } = await member("Lise Meitner");
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto("/gallery", firstLoad);
    await page.getByRole("heading", { level: 2, name: "Your gallery is empty" }).waitFor(firstLoad);
    await page.getByText(/Upload your first photos and videos/).waitFor();
    await checkBothSchemes(page, "empty");
    await page.setViewportSize({ width: 390, height: 844 });
    await checkBothSchemes(page, "empty, phone");
    expect(await scrollsSideways(page)).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("a library with items processing and one that failed", () => {
  it(
    "labels each state, shows why a file failed, and passes axe through selection and the viewer",
    long,
    async () => {
      const { context, userId } = await member("Rosalind Franklin");
      // Newest first: item 2 is still processing, item 9 failed (see seedLibrary's variety).
      const ids = await seedLibrary({
        ownerId: userId,
        count: 24,
        withPictures: 24,
        variety: true,
        newest: new Date(Date.UTC(2026, 10, 20)),
        spanDays: 60,
      });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto("/gallery", firstLoad);
      await page.getByText("24 photos and videos").waitFor(firstLoad);

      const cell = (id: string) => page.locator(`[role="gridcell"][data-id="${id}"]`);
      await cell(ids[2] as string).waitFor();
      expect(await cell(ids[2] as string).getAttribute("aria-label")).toMatch(/, processing$/);
      expect(await cell(ids[2] as string).textContent()).toContain("Processing");
      expect(await cell(ids[9] as string).getAttribute("aria-label")).toMatch(
        /couldn't process: The file is not the JPEG image it says it is\.$/,
      );
      // Thumbnails are in (not only placeholders).
      await expect
        .poll(
          () =>
            page.evaluate(
              () =>
                [...document.querySelectorAll<HTMLImageElement>('[role="gridcell"] img')].filter(
                  (img) => img.complete && img.naturalWidth > 0,
                ).length,
            ),
          patience,
        )
        .toBeGreaterThan(5);
      await checkBothSchemes(page, "items");

      // A selection, then the confirmation.
      await page.getByRole("button", { name: "Select", exact: true }).click();
      await cell(ids[0] as string).click();
      await cell(ids[1] as string).click();
      const bar = page.getByRole("toolbar", { name: "Selection" });
      await bar.getByText("2 selected").waitFor();
      await checkBothSchemes(page, "selecting");
      await bar.getByRole("button", { name: "Delete" }).click();
      const confirm = page.getByRole("dialog", { name: "Delete 2 items?" });
      await confirm.waitFor();
      await checkBothSchemes(page, "confirming");
      await confirm.getByRole("button", { name: "Cancel" }).click();
      await bar.getByRole("button", { name: "Stop selecting" }).click();
      await expect.poll(() => bar.count(), patience).toBe(0);

      // The viewer: a picture with its info, then the failed file, which says why.
      await cell(ids[0] as string).click();
      const viewer = page.locator("dialog[open]").first();
      await viewer.getByRole("heading", { name: "Harbour at dawn" }).waitFor();
      await viewer.locator("img").first().waitFor();
      await checkBothSchemes(page, "viewer");
      await page.goto(`/gallery/${ids[9]}`);
      await viewer.getByText("This file couldn't be processed.").waitFor();
      await viewer.getByText("The file is not the JPEG image it says it is.").first().waitFor();
      await checkBothSchemes(page, "viewer, failed");
      await page.goto(`/gallery/${ids[2]}`);
      await viewer.getByText("Still processing.").waitFor();
      await checkBothSchemes(page, "viewer, processing");

      // The phone: the same gallery edge to edge, no sideways scroll.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto("/gallery", firstLoad);
      await cell(ids[0] as string).waitFor();
      await checkBothSchemes(page, "items, phone");
      expect(await scrollsSideways(page)).toBe(false);
      expect(errors).toEqual([]);
      await context.close();
    },
  );
});
