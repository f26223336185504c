import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { axeViolations } from "./axe";
import { browser, newContext, watchErrors } from "./browser";

/*
 * Email verification and password reset as a person does them: the email is read on the
 * local mail page (`/_local/mail`) and its link clicked there.
 */

const password = "correct horse battery staple";
// Each journey signs up, hashes passwords and loads several pages: on a busy machine that
// takes longer than the config's minute.
const journey = 240_000;

async function openPage(context: Awaited<ReturnType<typeof newContext>>) {
  const page = await context.newPage();
  page.setDefaultTimeout(90_000);
  return page;
}

/** Opens the local mail page and clicks the newest link to `path` in a message to `email`. */
async function openMailedLink(page: Page, email: string, path: string) {
  await page.goto("/_local/mail");
  const message = page.locator("article", { hasText: email }).first();
  await message.waitFor();
  await message
    .getByRole("list")
    .getByRole("link", { name: new RegExp(`${path.replace("/", "\\/")}\\?token=`) })
    .first()
    .click();
  await page.waitForURL(new RegExp(`${path}\\?token=`));
}

/** No serious or critical axe violations, in light and dark. */
async function expectAccessible(page: Page) {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await axeViolations(page), `${colorScheme} scheme`).toEqual([]);
  }
}

it(
  "signs up, opens the verification link from the mail page, and is verified",
  async () => {
    const context = await newContext(browser(), { reducedMotion: "reduce" });
    const page = await openPage(context);
    const errors = watchErrors(page);
    const email = `verify.${Date.now()}@example.com`;

    await page.goto("/signup");
    await page.getByRole("textbox", { name: "Name" }).fill("Grace Hopper");
    await page.getByRole("textbox", { name: "Email" }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { level: 1, name: "Welcome, Grace" }).waitFor();
    // Not verified yet: the reminder says so.
    await page.getByRole("complementary", { name: "Email verification" }).waitFor();

    await openMailedLink(page, email, "/verify");
    await page.getByRole("heading", { level: 1, name: "Email verified" }).waitFor();
    await expectAccessible(page);
    await page.getByRole("link", { name: "Continue" }).click();
    await page.getByRole("heading", { level: 1, name: /^Welcome/ }).waitFor();
    expect(await page.getByRole("complementary", { name: "Email verification" }).count()).toBe(0);

    // The same link a second time no longer works, and the page says the email is verified.
    await openMailedLink(page, email, "/verify");
    await page.getByRole("heading", { level: 1, name: "Email verified" }).waitFor();
    expect(await page.getByText("is already verified").count()).toBe(1);

    expect(errors.filter((e) => !e.includes("/api/auth/verify"))).toEqual([]);
    await context.close();
  },
  journey,
);

it(
  "resets a forgotten password from the mailed link; the old session is gone",
  async () => {
    const email = `reset.${Date.now()}@example.com`;
    // The person signed in on another device before forgetting the password.
    const other = await newContext(browser());
    const signup = await other.request.post("/api/auth/signup", {
      data: { name: "Ada", email, password },
    });
    expect(signup.status()).toBe(201);

    const context = await newContext(browser(), { reducedMotion: "reduce" });
    const page = await openPage(context);
    // The refresh a signed-out page makes on start, and the old password refused at the end.
    const errors = watchErrors(page, ["/api/auth/refresh", "/api/auth/login"]);
    await page.goto("/signin");
    await page.getByRole("textbox", { name: "Email" }).fill(email);
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await page.getByRole("heading", { level: 1, name: "Forgot your password?" }).waitFor();
    expect(await page.getByRole("textbox", { name: "Email" }).inputValue()).toBe(email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await page.getByRole("heading", { level: 1, name: "Check your email" }).waitFor();
    await expectAccessible(page);

    await openMailedLink(page, email, "/reset-password");
    await page.getByRole("heading", { level: 1, name: "Choose a new password" }).waitFor();
    const newPassword = "violet harbour lantern 7";
    await page.getByLabel("New password", { exact: true }).fill(newPassword);
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByRole("heading", { level: 1, name: "Password changed" }).waitFor();
    await expectAccessible(page);

    // The other device's session ended with the reset.
    const refresh = await other.request.post("/api/auth/refresh");
    expect(refresh.status()).toBe(401);

    // The old password no longer works; the new one does.
    await page.getByRole("link", { name: "Sign in" }).first().click();
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    await page.getByRole("textbox", { name: "Email" }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").waitFor();
    await page.getByLabel("Password", { exact: true }).fill(newPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 1, name: "Welcome back, Ada" }).waitFor();

    // The link is used up: opened again, the page says so.
    await openMailedLink(page, email, "/reset-password");
    await page.getByLabel("New password", { exact: true }).fill("another lantern harbour 8");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByRole("heading", { level: 1, name: "This link no longer works" }).waitFor();
    await expectAccessible(page);

    expect(errors.filter((e) => !e.includes("/api/auth/password/reset"))).toEqual([]);
    await Promise.all([context.close(), other.close()]);
  },
  journey,
);
