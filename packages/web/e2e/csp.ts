/**
 * Every browser test runs under the Content-Security-Policy the app is deployed with (the
 * local stack sends it; only Vite's injected dev scripts get a nonce): a test that provoked
 * a violation fails, with what was refused and where.
 */
import { afterEach, expect } from "vitest";
import { takeCspViolations } from "./browser";

afterEach(() => {
  expect(takeCspViolations(), "Content-Security-Policy violations").toEqual([]);
});
