/**
 * Runs around every browser test file:
 * - one Chromium for the file's tests (`browser()`), launched before them and closed after;
 * - the Content-Security-Policy the app is deployed with (the local stack sends it; only
 *   Vite's injected dev scripts get a nonce): a test that provoked a violation fails, with
 *   what was refused and where.
 */
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { closeBrowser, launchBrowser, takeCspViolations } from "./browser";

beforeAll(launchBrowser);
afterAll(closeBrowser);
afterEach(() => {
  expect(takeCspViolations(), "Content-Security-Policy violations").toEqual([]);
});
