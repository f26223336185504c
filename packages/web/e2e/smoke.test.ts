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
  // A first visit has no refresh cookie: the session restore's 401 is expected.
  const errors = watchErrors(page, ["/api/auth/refresh"]);

  await page.goto("/");

  await page.getByRole("heading", { level: 1, name: /shared on your terms/i }).waitFor();
  await page.getByRole("status").filter({ hasText: "All systems normal" }).waitFor();
  await page.getByRole("link", { name: "Create account" }).waitFor();
  expect(await page.title()).toContain("ShareSpace");
  expect(errors).toEqual([]);
  await context.close();
});
