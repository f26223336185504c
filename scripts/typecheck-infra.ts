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
import { join } from "node:path";
import { ensurePlatform, root } from "./infra/sst.ts";

const bin = (name: string) => join(root, "node_modules", ".bin", name);

try {
  ensurePlatform();
} catch (error) {
  console.error(`typecheck-infra: ${(error as Error).message}`);
  process.exit(1);
}

const tsc = spawnSync(
  process.execPath,
  [bin("tsc"), "-p", "tsconfig.infra.json", "--pretty", "false"],
  { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
);
if (tsc.error) throw tsc.error;
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
