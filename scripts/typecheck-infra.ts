/**
 * Type-checks `sst.config.ts` and `infra/` against SST's real component types, offline.
 *
 *   node scripts/typecheck-infra.ts
 *
 * SST's types live in `.sst/platform`, which `sst install` writes; without AWS and
 * without downloading Pulumi that works with the flags below. tsc then checks the infra
 * together with SST's own TypeScript sources; diagnostics inside `.sst/` are SST's
 * business (they depend on compiler flags SST does not use) and are only counted.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name: string) => join(root, "node_modules", ".bin", name);

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return result;
}

if (!existsSync(join(root, ".sst/platform/config.d.ts"))) {
  console.log("typecheck-infra: .sst/platform is missing, running `sst install` (offline)");
  const install = run(process.execPath, [bin("sst"), "install", "--stage", "local"], {
    SST_SKIP_DEPENDENCY_CHECK: "true",
    SST_BUN_PATH: bin("bun"),
    SST_TELEMETRY_DISABLED: "1",
  });
  if (install.status !== 0 || !existsSync(join(root, ".sst/platform/config.d.ts"))) {
    process.stderr.write(install.stdout + install.stderr);
    console.error("typecheck-infra: `sst install` failed");
    process.exit(1);
  }
}

const tsc = run(process.execPath, [bin("tsc"), "-p", "tsconfig.infra.json", "--pretty", "false"]);
const output = tsc.stdout + tsc.stderr;

// A diagnostic starts at column 0 ("file(line,col): error TS…" or "error TS…");
// its indented continuation lines belong to it.
const diagnostics: string[] = [];
for (const line of output.split("\n")) {
  if (line.trim() === "") continue;
  const last = diagnostics.length - 1;
  if (/^\s/.test(line) && last >= 0) diagnostics[last] += `\n${line}`;
  else diagnostics.push(line);
}
const isSst = (diagnostic: string) => /^(?:\.\/)?\.sst[/\\]/.test(diagnostic);
const ours = diagnostics.filter((diagnostic) => !isSst(diagnostic));
const ignored = diagnostics.length - ours.length;

if (ours.length > 0) console.error(ours.join("\n"));
if (tsc.status !== 0 && diagnostics.length === 0) {
  console.error(`typecheck-infra: tsc exited with ${tsc.status} and no diagnostics`);
  process.exit(1);
}
console.log(
  `typecheck-infra: ${ours.length} error(s) outside .sst/ (${ignored} inside .sst/ ignored)`,
);
process.exit(ours.length > 0 ? 1 : 0);
