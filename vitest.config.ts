import { defineConfig } from "vitest/config";

/**
 * Four projects: `unit` (pure core logic), `integration` (core on its own, and functions
 * through the API Gateway emulator, against DynamoDB Local and s3rver, started once by the
 * global setup), `infra` (`sst.config.ts` and `infra/` run by SST's CLI under Pulumi's
 * mocks) and `web` (React components with Testing Library). Browser journeys have their
 * own config: `npm run test:e2e`.
 */
export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: on a 2-core CI runner, one file at
    // a time. Most of a file's time is waiting on DynamoDB Local, s3rver or a timer, so two
    // run side by side (the infra project still runs after the rest, see below).
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: "unit",
          include: [
            "packages/core/test/**/*.test.ts",
            "packages/local/test/unit/**/*.test.ts",
            "scripts/workflows/**/*.test.ts",
          ],
          exclude: ["packages/core/test/integration/**"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: [
            "packages/core/test/integration/**/*.test.ts",
            "packages/functions/test/**/*.test.ts",
            "packages/local/test/integration/**/*.test.ts",
          ],
          environment: "node",
          globalSetup: ["packages/local/test/global-setup.ts"],
          setupFiles: ["packages/local/test/hash-once.ts"],
          // Tests provoke errors on purpose; their logs (and metrics, EMF lines on stdout)
          // would only bury the report. The tests of logs and metrics switch them back on.
          env: { POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_METRICS_DISABLED: "true" },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "infra",
          include: ["scripts/infra/**/*.test.ts"],
          environment: "node",
          // One `sst diff` per stage, at once: building functions and the web app takes a while.
          hookTimeout: 600_000,
          // After the other projects, not beside them: its builds would take the CPU that
          // their timing-sensitive tests (password hashing, process start-up) need.
          sequence: { groupOrder: 1 },
        },
      },
      "packages/web/vitest.config.ts",
    ],
  },
});
