/**
 * Type-checks the three TypeScript programs side by side: the packages, the web app, and
 * `sst.config.ts` + `infra/` against SST's platform types. Each is one single-threaded tsc,
 * so on a machine with several cores they take about as long as the slowest of them.
 *
 *   node scripts/typecheck.ts
 */
import { spawn } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const tsc = join(root, "node_modules", ".bin", "tsc");
const checks: [name: string, args: string[]][] = [
  ["packages", [tsc, "-p", "tsconfig.json"]],
  ["web", [tsc, "-p", "packages/web"]],
  ["infra", [join(root, "scripts", "typecheck-infra.ts")]],
];

const run = ([name, args]: (typeof checks)[number]) =>
  new Promise<{ name: string; code: number; output: string }>((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => resolve({ name, code: code ?? 1, output }));
  });

// Each check's output is printed whole, in a fixed order, so the log reads the same each run.
const results = await Promise.all(checks.map(run));
for (const { name, code, output } of results) {
  console.log(`typecheck ${name}: ${code === 0 ? "ok" : `failed (exit ${code})`}`);
  if (output.trim()) console.log(output.trimEnd());
}
process.exit(results.some(({ code }) => code !== 0) ? 1 : 0);
