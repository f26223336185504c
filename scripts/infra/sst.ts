/**
 * SST's CLI, offline: the flags that keep it from downloading anything, and `.sst/platform`
 * (SST's component sources and their packages, which `sst install` writes). Shared by the
 * infra type check and the infra test.
 * @module
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * Without these the CLI downloads Pulumi and Bun at start and sends telemetry. Bun comes
 * from the npm package instead; Pulumi is not needed by `sst install`.
 */
export const offlineEnv = {
  SST_SKIP_DEPENDENCY_CHECK: "true",
  SST_BUN_PATH: join(root, "node_modules", ".bin", "bun"),
  SST_TELEMETRY_DISABLED: "1",
};

/** The SST CLI's native binary, from the platform package npm installed next to `sst`. */
export function sstBinary(): string {
  const require = createRequire(join(root, "node_modules", "sst", "package.json"));
  const binary = process.platform === "win32" ? "sst.exe" : "sst";
  return require.resolve(`sst-${process.platform}-${process.arch}/bin/${binary}`);
}

/**
 * Runs `sst install` when `.sst/platform` is missing (a fresh clone). It fetches the
 * platform's packages from the npm registry, with Bun.
 * @throws Error with SST's output when the install fails.
 */
export function ensurePlatform(): void {
  if (existsSync(join(root, ".sst", "platform", "config.d.ts"))) return;
  console.log("sst: .sst/platform is missing, running `sst install` (no AWS; packages from npm)");
  const install = spawnSync(sstBinary(), ["install", "--stage", "local"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, ...offlineEnv },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (install.status !== 0 || !existsSync(join(root, ".sst", "platform", "config.d.ts"))) {
    throw new Error(
      `\`sst install\` failed:\n${install.stdout}${install.stderr}${install.error ?? ""}`,
    );
  }
}
