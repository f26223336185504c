import type { Page, Request } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { baseUrl, browser, firstLoad, newContext, patience, watchErrors } from "./browser";
import { signUpIn } from "./people";
import { seedLibrary, uploadPicture, useLocalStack } from "./seed/library";

/**
 * The gallery and the viewer against the real local stack: items uploaded through the API
 * (create, PUT to the presigned URL, processing) or, for large libraries, seeded straight
 * into the table through core.
 */
beforeAll(async () => {
  await useLocalStack(baseUrl());
});

/** Journeys of many steps: on a busy machine they take more than the default minute. */
const long = { timeout: 180_000 };
const tile = (page: Page, name: string | RegExp) => page.getByRole("gridcell", { name });
const viewer = (page: Page) => page.locator("dialog[open]").first();
const focusedLabel = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? "");

describe("a signed-in load", long, () => {
  it("restores the session, loads the gallery's code and its first page side by side", async () => {
    const context = await newContext(browser());
    await signUpIn(context);
    const page = await context.newPage();
    await page.goto("/gallery", firstLoad);
    await page.getByRole("heading", { level: 2, name: "Your gallery is empty" }).waitFor(firstLoad);

    // When each request started and finished, on the browser's own clock.
    const seen: { url: string; start: number; end: number }[] = [];
    const record = (request: Request) => {
      const timing = request.timing();
      seen.push({
        url: request.url(),
        start: timing.startTime,
        end: timing.startTime + timing.responseEnd,
      });
    };
    page.on("requestfinished", record);
    await page.reload();
    await page.getByRole("heading", { level: 2, name: "Your gallery is empty" }).waitFor();
    page.off("requestfinished", record);

    const one = (pattern: RegExp) => {
      const found = seen.filter((entry) => pattern.test(entry.url));
      expect(found, `one request for ${pattern}`).toHaveLength(1);
      return found[0] as (typeof seen)[number];
    };
    const refresh = one(/\/api\/auth\/refresh$/);
    const me = one(/\/api\/me$/);
    const firstPage = one(/\/api\/media\?limit=/);
    const timeline = one(/\/api\/media\/timeline$/);
    // The gallery's code: its route module and everything it imports (one chunk when built).
    const code = seen.filter((entry) =>
      /\/src\/(routes\/_authed\/gallery\.tsx|gallery\/)/.test(entry.url),
    );
    expect(code.length).toBeGreaterThan(0);
    const codeStart = Math.min(...code.map((entry) => entry.start));
    const codeEnd = Math.max(...code.map((entry) => entry.end));

    // The route's code loads while the session is restored, not after it.
    expect(codeStart).toBeLessThan(refresh.end);
    expect(refresh.start).toBeLessThan(codeEnd);
    // The first page and the timeline go out with the token, beside /api/me, not after it.
    expect(firstPage.start).toBeLessThan(me.end);
    expect(timeline.start).toBeLessThan(me.end);
    expect(me.start).toBeLessThan(firstPage.end);
    await context.close();
  });
});

describe("the gallery", long, () => {
  it("opens the viewer, steps to the next item, edits a title, then selects two items (click, shift-click) and deletes them", async () => {
    const context = await newContext(browser());
    const person = await signUpIn(context, "Grace Hopper");
    const actor = { baseUrl: baseUrl(), ...person };
    const day = 24 * 60 * 60 * 1000;
    const now = Date.now();
    // Newest first: lake, hills, coast (their times come from lastModified).
    for (const [seed, filename, daysAgo] of [
      [1, "lake.jpg", 1],
      [2, "hills.jpg", 2],
      [3, "coast.jpg", 3],
    ] as const) {
      await uploadPicture(actor, { seed, filename, lastModified: new Date(now - daysAgo * day) });
    }
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto("/gallery", firstLoad);
    await page.getByText("3 photos and videos").waitFor(firstLoad);

    // The viewer opens on its own URL, and the right arrow goes to the next (older) item.
    await tile(page, /^lake\.jpg, /).click();
    await viewer(page).getByRole("heading", { name: "lake.jpg" }).waitFor();
    expect(page.url()).toMatch(/\/gallery\/med_[0-9A-Z]{26}$/);
    await page.keyboard.press("ArrowRight");
    await viewer(page).getByRole("heading", { name: "hills.jpg" }).waitFor();

    // Edit the title in the info panel (open by default on a wide screen).
    const title = viewer(page).getByRole("textbox", { name: "Title" });
    await title.fill("Evening on the hills");
    await viewer(page).getByRole("button", { name: "Save changes" }).click();
    await viewer(page).getByRole("status").filter({ hasText: "Saved." }).waitFor();
    await viewer(page).getByRole("heading", { name: "Evening on the hills" }).waitFor();

    // A reload keeps the viewer open on the same item.
    await page.reload();
    await viewer(page).getByRole("heading", { name: "Evening on the hills" }).waitFor();

    // Escape closes it, and focus returns to the item's tile.
    await page.keyboard.press("Escape");
    await expect.poll(() => page.locator("dialog[open]").count(), patience).toBe(0);
    expect(new URL(page.url()).pathname).toBe("/gallery");
    await expect.poll(() => focusedLabel(page), patience).toMatch(/^Evening on the hills, /);

    // Arrows move between tiles.
    await page.keyboard.press("ArrowLeft");
    await expect.poll(() => focusedLabel(page), patience).toMatch(/^lake\.jpg, /);

    // Select two: a click on one tile's check, then shift-click on the next.
    await tile(page, /^lake\.jpg, /)
      .locator("[data-check]")
      .click();
    const bar = page.getByRole("toolbar", { name: "Selection" });
    await bar.getByText("1 selected").waitFor();
    await tile(page, /^Evening on the hills, /).click({ modifiers: ["Shift"] });
    await bar.getByText("2 selected").waitFor();
    expect(await tile(page, /^lake\.jpg, /).getAttribute("aria-selected")).toBe("true");
    expect(await tile(page, /^coast\.jpg, /).getAttribute("aria-selected")).toBe("false");

    // Delete them, after a confirmation.
    await bar.getByRole("button", { name: "Delete" }).click();
    const confirm = page.getByRole("dialog", { name: "Delete 2 items?" });
    await confirm.getByRole("button", { name: "Delete 2 items" }).click();
    await page.getByText("1 photo or video").waitFor();
    expect(
      await page
        .getByRole("gridcell")
        .filter({ has: page.locator("[data-check]") })
        .count(),
    ).toBe(1);
    const listed = await context.request.get("/api/media", {
      headers: { authorization: `Bearer ${person.accessToken}` },
    });
    expect(
      ((await listed.json()) as { items: { filename: string }[] }).items.map((i) => i.filename),
    ).toEqual(["coast.jpg"]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("selects a range with shift-click, a tile with Space and a whole month from its header", async () => {
    const context = await newContext(browser());
    const { userId } = await signUpIn(context, "Mary Somerville");
    await seedLibrary({
      ownerId: userId,
      count: 12,
      withPictures: 0,
      newest: new Date(Date.UTC(2026, 10, 20)),
      spanDays: 10,
    });
    const page = await context.newPage();
    await page.goto("/gallery", firstLoad);
    const cells = page.locator('[role="gridcell"][data-id]');
    await cells.first().waitFor();

    await page.getByRole("button", { name: "Select", exact: true }).click();
    await cells.nth(1).click();
    await cells.nth(4).click({ modifiers: ["Shift"] });
    const bar = page.getByRole("toolbar", { name: "Selection" });
    await bar.getByText("4 selected").waitFor();
    // Space on the focused tile selects it too.
    await cells.nth(7).focus();
    await page.keyboard.press("Space");
    await bar.getByText("5 selected").waitFor();

    // At the top the month's own header is in the list (further down, its copy sticks to the
    // top of the screen and takes the click).
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByRole("button", { name: "Select all of November 2026" }).click();
    await bar.getByText("12 selected").waitFor();
    await page.getByRole("button", { name: "Select all of November 2026" }).click();
    await bar.getByText("Select items").waitFor();
    await context.close();
  });

  it("jumps to the oldest month with the scrubber, loading it from that month (until)", async () => {
    const context = await newContext(browser());
    const { userId } = await signUpIn(context, "Emmy Noether");
    await seedLibrary({
      ownerId: userId,
      count: 400,
      withPictures: 0,
      newest: new Date(Date.UTC(2026, 10, 20)),
      spanDays: 730,
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const lists: string[] = [];
    page.on("request", (request) => {
      if (/\/api\/media\?/.test(request.url())) lists.push(new URL(request.url()).search);
    });
    await page.goto("/gallery", firstLoad);
    const scrubber = page.getByRole("slider", { name: "Jump to a month" });
    // At the top of the page the track starts below the "verify your email" notice (this
    // person has not verified), not over it.
    const notice = page.getByRole("complementary", { name: "Email verification" });
    const box = await notice.boundingBox();
    const noticeBottom = box ? box.y + box.height : Number.NaN;
    expect((await scrubber.boundingBox())?.y).toBeGreaterThanOrEqual(noticeBottom);
    await scrubber.focus();
    await page.keyboard.press("End");

    const oldest = page.getByRole("heading", { level: 2, name: /2024/ }).last();
    await oldest.waitFor();
    await expect
      .poll(
        () => lists.some((search) => /until=2024-1[01]-3[01]T23%3A59%3A59\.999Z/.test(search)),
        patience,
      )
      .toBe(true);
    // Its tiles are there, not only their stand-ins.
    await expect
      .poll(() => page.locator('[role="gridcell"][data-id]').count(), patience)
      .toBeGreaterThan(0);
    expect(await scrubber.getAttribute("aria-valuetext")).toMatch(/2024/);
    // Scrolled down, the notice is gone from view and the track reaches up to the header.
    await expect
      .poll(async () => (await scrubber.boundingBox())?.y ?? Number.NaN, patience)
      .toBeLessThan(noticeBottom);
    expect(errors).toEqual([]);
    await context.close();
  });
});
