import { defineConfig } from "vitest/config";

/**
 * Three projects: `unit` (pure core logic), `integration` (core on its own, and functions
 * through the API Gateway emulator, against DynamoDB Local and s3rver, started once by the
 * global setup) and `web` (React components with Testing Library). Browser journeys have
 * their own config: `npm run test:e2e`.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/core/test/**/*.test.ts", "packages/local/test/unit/**/*.test.ts"],
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
          // Tests provoke errors on purpose; their logs would only bury the report.
          env: { POWERTOOLS_LOG_LEVEL: "SILENT" },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      "packages/web/vitest.config.ts",
    ],
  },
});
