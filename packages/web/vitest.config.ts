import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineProject } from "vitest/config";

/** The `web` project: React components, the API client and the uploader, in happy-dom. */
export default defineProject({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react()],
  test: {
    name: "web",
    environment: "happy-dom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
    restoreMocks: true,
    // The root config's `maxWorkers: 2` does not reach a project in a file of its own, and a
    // project left at one worker runs alone after every other one (infra included): ~30 s
    // of `npm test` in series. With two it runs beside unit and integration.
    maxWorkers: 2,
  },
});
