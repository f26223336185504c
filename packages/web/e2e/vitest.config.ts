import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Browser journeys against the real local stack (`npm run test:e2e`). The global setup
 * starts `packages/local` on a free port with a fresh data directory; the tests drive
 * Chromium with playwright-core.
 */
export default defineConfig({
  test: {
    name: "e2e",
    root: fileURLToPath(new URL(".", import.meta.url)),
    include: ["**/*.test.ts"],
    environment: "node",
    globalSetup: ["./global-setup.ts"],
    setupFiles: ["./setup.ts"],
    // One stack and one browser per file: keep the files in sequence.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
