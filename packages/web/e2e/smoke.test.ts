import { expect, it } from "vitest";
import { browser, newContext, takeCspViolations, watchErrors } from "./browser";

it("shows the home page, reports the API healthy and logs no errors", async () => {
  const context = await newContext(browser());
  const page = await context.newPage();
  // A first visit has no session cookies, so it must not even try to restore one.
  const errors = watchErrors(page);
  const refreshes: string[] = [];
  page.on("request", (request) => {
    if (request.url().endsWith("/api/auth/refresh")) refreshes.push(request.url());
  });

  const response = await page.goto("/");

  await page.getByRole("heading", { level: 1, name: /shared on your terms/i }).waitFor();
  await page.getByRole("status").filter({ hasText: "All systems normal" }).waitFor();
  await page.getByRole("banner").getByRole("link", { name: "Create account" }).waitFor();
  expect(await page.title()).toContain("ShareSpace");
  expect(errors).toEqual([]);
  expect(refreshes).toEqual([]);
  // The headers CloudFront adds when deployed, from the same definition.
  const headers = response?.headers() ?? {};
  expect(headers["content-security-policy"]).toMatch(
    /script-src 'self' 'wasm-unsafe-eval' 'nonce-/,
  );
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["strict-transport-security"]).toMatch(/^max-age=\d+/);
  expect(headers["permissions-policy"]).toContain("camera=()");
  await context.close();
});

it("refuses an inline script, and the test sees it", async () => {
  const context = await newContext(browser());
  const page = await context.newPage();
  await page.goto("/");
  await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "window.injected = true";
    document.body.append(script);
  });
  const seen: string[] = [];
  await expect
    .poll(() => {
      seen.push(...takeCspViolations());
      return seen;
    })
    .toEqual([expect.stringMatching(/^script-src-elem refused inline /)]);
  expect(await page.evaluate(() => "injected" in window)).toBe(false);
  await context.close();
});
