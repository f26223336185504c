import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { axeViolations, scrollsSideways } from "./axe";
import { browser, newContext } from "./browser";

/**
 * Every page, signed out and in, through axe-core in light and dark, and at 320 px wide.
 * One browser and two tabs for the whole file: a visitor's, and a signed-in person's
 * whose email is not verified yet (so the reminder bar is checked too). Each case moves
 * its tab to its page the way a link does, without reloading the document, so the app
 * and axe are loaded once per tab.
 */
let visitor: Page;
let member: Page;
const uncaught: string[] = [];

async function openTab(context: BrowserContext) {
  const page = await context.newPage();
  page.on("pageerror", (error) => uncaught.push(error.message));
  await page.goto("/");
  await page.locator("main h1").waitFor();
  return page;
}

/** A client-side navigation, as the back button makes: the router renders `path`. */
const navigate = (page: Page, path: string) =>
  page.evaluate((to) => {
    history.pushState(null, "", to);
    dispatchEvent(new PopStateEvent("popstate"));
  }, path);

// A long name, to see the greeting wrap and the header hold at 320 px.
const memberName = "Bartholomew-Maximilian Featherstonehaugh";
const token = "k2bXW7rT0nq4Hc1L8pYv3AqZs9EoUf6GdJiMw5Ny-_a";

beforeAll(async () => {
  // Reduced motion: colours switch at once, so axe never reads a half-finished transition.
  const visitorContext = await newContext(browser(), { reducedMotion: "reduce" });
  const memberContext = await newContext(browser(), { reducedMotion: "reduce" });
  const signup = await memberContext.request.post("/api/auth/signup", {
    data: {
      name: memberName,
      email: `a11y.${Date.now()}@example.com`,
      password: "violet harbour lantern",
    },
  });
  expect(signup.status()).toBe(201);
  [visitor, member] = await Promise.all([openTab(visitorContext), openTab(memberContext)]);
});

interface PageCase {
  name: string;
  path: string;
  signedIn?: boolean;
  /** The page's `<h1>` once it has settled. */
  heading: string | RegExp;
  /** Brings the page to the state under test. */
  act?(page: Page): Promise<void>;
}

const cases: PageCase[] = [
  { name: "home, signed out", path: "/", heading: /shared on your terms/ },
  { name: "sign-in", path: "/signin", heading: "Sign in" },
  { name: "sign-up", path: "/signup", heading: "Create account" },
  {
    name: "sign-up with errors and strength feedback",
    path: "/signup",
    heading: "Create account",
    act: async (page) => {
      await page.getByLabel("Password", { exact: true }).fill("password1");
      await page.getByText(/^Strength:/).waitFor();
      await page.getByRole("button", { name: "Create account" }).click();
      await page.getByRole("alert").waitFor();
    },
  },
  { name: "forgot password", path: "/forgot-password", heading: "Forgot your password?" },
  {
    name: "reset password",
    path: `/reset-password?token=${token}`,
    heading: "Choose a new password",
  },
  {
    name: "reset password, unusable link",
    path: "/reset-password",
    heading: "This link no longer works",
  },
  // A token the server never issued: the link is refused (its long action wraps at 320 px).
  {
    name: "verify, unusable link",
    path: `/verify?token=${token}`,
    heading: "This link no longer works",
  },
  { name: "not found", path: "/no-such-page", heading: "Page not found" },
  { name: "home, signed in", path: "/", signedIn: true, heading: /^Welcome back, Bartholomew/ },
  { name: "gallery", path: "/gallery", signedIn: true, heading: "Gallery" },
  { name: "shared with me", path: "/shared", signedIn: true, heading: "Shared with me" },
  { name: "links, none yet", path: "/links", signedIn: true, heading: "Links" },
  { name: "profile", path: "/profile", signedIn: true, heading: "Your profile" },
  // A link nobody made: the page a revoked link shows too.
  { name: "shared link, not working", path: "/s/no-such-link", heading: "This link doesn't work" },
  {
    name: "account menu, open",
    path: "/gallery",
    signedIn: true,
    heading: "Gallery",
    act: async (page) => {
      await page.getByRole("button", { name: /^Account menu/ }).click();
      await page.getByRole("link", { name: "Profile" }).waitFor();
    },
  },
];

describe.each(cases)("$name", ({ path, signedIn, heading, act }) => {
  it("has no serious or critical axe violations in light and dark, and no sideways scroll at 320 px", async () => {
    const page = signedIn ? member : visitor;
    // Through another page first, so a page visited twice starts afresh.
    await navigate(page, "/no-such-page");
    await page.locator("main h1").filter({ hasText: "Page not found" }).waitFor();
    await navigate(page, path);
    await page.locator("main h1").filter({ hasText: heading }).waitFor();
    await act?.(page);

    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      const dark = await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches);
      expect(dark).toBe(colorScheme === "dark");
      expect(await axeViolations(page), `${colorScheme} scheme`).toEqual([]);
    }
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await scrollsSideways(page), "scrolls sideways at 320 px").toBe(false);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(uncaught).toEqual([]);
  });
});
