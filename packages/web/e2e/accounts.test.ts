import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { browser, newContext, watchErrors } from "./browser";

const name = "Ada Lovelace";
const email = `ada.${Date.now()}@example.com`;
const password = "correct horse battery staple";

async function fillSignIn(page: Page, withPassword: string) {
  await page.getByRole("textbox", { name: "Email" }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(withPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
}

const profileName = (page: Page) =>
  page.getByRole("region", { name: "Account", exact: true }).getByText(name, { exact: true });

it("signs up, survives a reload, signs out, and signs back in", async () => {
  const context = await newContext(browser());
  const page = await context.newPage();
  // The one 401 that belongs to the story: the wrong password below.
  const errors = watchErrors(page, ["/api/auth/login"]);

  // Sign up from the header; the home page then says welcome.
  await page.goto("/");
  await page.getByRole("banner").getByRole("link", { name: "Create account" }).click();
  await page.getByRole("textbox", { name: "Name" }).fill(name);
  await page.getByRole("textbox", { name: "Email" }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { level: 1, name: "Welcome, Ada" }).waitFor();

  // A reload keeps the session (refresh cookie → new access token), and the profile shows it.
  await page.getByRole("button", { name: `Account menu for ${name}` }).click();
  await page.getByRole("link", { name: "Profile" }).click();
  await profileName(page).waitFor();
  await page.reload();
  await profileName(page).waitFor();
  expect(await page.getByRole("region", { name: "Account", exact: true }).textContent()).toContain(
    email,
  );

  // Sign out: the header is signed out and protected pages send you to sign in.
  await page.getByRole("button", { name: `Account menu for ${name}` }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("link", { name: "Sign in" }).first().waitFor();
  await page.goto("/profile");
  await page.waitForURL(/\/signin\?redirect=/);

  // A wrong password is refused with a clear message, which takes the focus.
  await fillSignIn(page, "not my password");
  const alert = page.getByRole("alert");
  await alert.waitFor();
  expect(await alert.textContent()).toBe("Email or password is incorrect.");
  expect(await alert.evaluate((element) => element === document.activeElement)).toBe(true);

  // The right one signs in and returns to the page that asked for it.
  await fillSignIn(page, password);
  await page.waitForURL(/\/profile$/);
  await profileName(page).waitFor();

  expect(errors).toEqual([]);
  await context.close();
});

it("changes the display name everywhere it is shown", async () => {
  const context = await newContext(browser());
  const page = await context.newPage();
  const errors = watchErrors(page);

  await page.goto("/signup?redirect=%2Fprofile");
  await page.getByRole("textbox", { name: "Name" }).fill("Grace");
  await page.getByRole("textbox", { name: "Email" }).fill(`grace.${Date.now()}@example.com`);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { name: "Your profile" }).waitFor();

  await page.getByRole("textbox", { name: "Display name" }).fill("Grace Hopper");
  await page.getByRole("button", { name: "Save name" }).click();
  await page.getByRole("status").filter({ hasText: "Your name is saved." }).waitFor();

  await page.getByRole("button", { name: "Account menu for Grace Hopper" }).waitFor();
  await page.reload();
  await page
    .getByRole("region", { name: "Account", exact: true })
    .getByText("Grace Hopper")
    .waitFor();
  expect(errors).toEqual([]);
  await context.close();
});

it("offers to sign in instead when the email already has an account, carrying it over", async () => {
  const context = await newContext(browser());
  const page = await context.newPage();
  // The 409 is the story here.
  const errors = watchErrors(page, ["/api/auth/signup"]);
  const taken = `taken.${Date.now()}@example.com`;
  const created = await context.request.post("/api/auth/signup", {
    data: { name: "Ada", email: taken, password },
  });
  expect(created.status()).toBe(201);
  await context.clearCookies();

  await page.goto("/signup");
  await page.getByRole("textbox", { name: "Name" }).fill("Someone Else");
  await page.getByRole("textbox", { name: "Email" }).fill(taken.toUpperCase());
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  const alert = page.getByRole("alert");
  await alert.waitFor();
  expect(await alert.textContent()).toBe(
    "An account with this email already exists. Sign in instead",
  );

  await alert.getByRole("link", { name: "Sign in instead" }).click();
  await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
  expect(await page.getByRole("textbox", { name: "Email" }).inputValue()).toBe(taken);
  expect(page.url()).not.toContain("example.com");
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { level: 1, name: "Welcome back, Ada" }).waitFor();

  expect(errors).toEqual([]);
  await context.close();
});
