import { defineConfig } from "vitest/config";

/**
 * `npm run test:resilience`: the fuzz pass over every route, the load and the fault suites,
 * against DynamoDB Local and s3rver started once by the integration project's global setup.
 * Not part of `npm test`: it is long, and CI runs it on its own.
 */
export default defineConfig({
  test: {
    name: "resilience",
    root: `${import.meta.dirname}/..`,
    include: ["resilience/**/*.test.ts"],
    // One file at a time: the load measures the stack, and must not share the cores with
    // the fuzz pass.
    fileParallelism: false,
    environment: "node",
    globalSetup: ["packages/local/test/global-setup.ts"],
    setupFiles: ["packages/local/test/hash-once.ts"],
    env: { POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_METRICS_DISABLED: "true" },
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
