import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from "playwright-core";
import { inject } from "vitest";

/** The local stack started by the global setup. */
export const baseUrl = () => inject("baseUrl");

/** The system Chromium (`apt-get install chromium`); never a downloaded browser. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

let shared: Browser | undefined;

/** The file's Chromium, launched by the setup file (`setup.ts`) before its tests. */
export function browser(): Browser {
  if (!shared)
    throw new Error("Chromium is launched in beforeAll: use browser() inside hooks and tests");
  return shared;
}
export async function launchBrowser() {
  shared = await launch();
}
export async function closeBrowser() {
  await shared?.close();
  shared = undefined;
}

/** Polls wait this long: the stack shares a busy machine. */
export const patience = { timeout: 15_000 };
/** A first visit waits for the dev server to compile the app, which is slow on a busy machine. */
export const firstLoad = { timeout: 90_000 };

/** What the Content-Security-Policy blocked in any page of this file's contexts. */
const cspViolations: string[] = [];

/**
 * The violations reported since the last call (`csp.ts`, a setup file, fails every test that
 * leaves one: the app runs under the production policy).
 */
export const takeCspViolations = () => cspViolations.splice(0);

/** A browser context on the local stack that reports every CSP violation of its pages. */
export async function newContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: baseUrl(),
    viewport: { width: 1280, height: 800 },
    ...options,
  });
  await context.exposeBinding("reportCspViolation", (source, text: string) => {
    cspViolations.push(`${text} on ${source.page?.url() ?? "a page"}`);
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { reportCspViolation(text: string): void })
        .reportCspViolation;
      report(
        `${event.effectiveDirective} refused ${event.blockedURI || "something"} ` +
          `(${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  return context;
}

/**
 * Collects console errors and uncaught exceptions. Chromium logs every 4xx answer as a
 * console error ("Failed to load resource"); `expected` lists the API paths whose 4xx is
 * part of the story (e.g. the refresh a signed-out visitor's page makes on start).
 */
export function watchErrors(page: Page, expected: readonly string[] = []) {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const url = message.location().url;
    const isExpected =
      message.text().startsWith("Failed to load resource") &&
      expected.some((path) => url.endsWith(path));
    if (!isExpected) errors.push(`${message.text()} (${url})`);
  });
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}
