import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { launch, newContext, watchErrors } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

it("shows the home page, reports the API healthy and logs no errors", async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  // A first visit has no session cookies, so it must not even try to restore one.
  const errors = watchErrors(page);
  const refreshes: string[] = [];
  page.on("request", (request) => {
    if (request.url().endsWith("/api/auth/refresh")) refreshes.push(request.url());
  });

  await page.goto("/");

  await page.getByRole("heading", { level: 1, name: /shared on your terms/i }).waitFor();
  await page.getByRole("status").filter({ hasText: "All systems normal" }).waitFor();
  await page.getByRole("banner").getByRole("link", { name: "Create account" }).waitFor();
  expect(await page.title()).toContain("ShareSpace");
  expect(errors).toEqual([]);
  expect(refreshes).toEqual([]);
  await context.close();
});
