/**
 * `npm run bench`: every benchmark, each group in a fresh process (handlers run in-process,
 * and SST's `Resource` keeps the first links it reads), then `bench/results.json` and a
 * table. Each figure carries its target and whether it is met (see `figure.ts`); timings
 * are medians of repeated runs, and ratios are against a baseline measured in the same run.
 * Not part of `npm test`.
 *
 *   BENCH_GROUPS=cold,web,api,scale,gallery   the groups to run (default: all, in the order
 *                                             of `groups`; `npm run bench:media` runs
 *                                             scale,gallery,processing,upload)
 *   (each group's own variables are in its file)
 * @module
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Figure, table } from "./figure";

const root = join(import.meta.dirname, "../..");

/** Each group: the module whose `run()` answers its figures. */
const groups: Record<string, string> = {
  cold: "./cold-start.ts",
  web: "./web.ts",
  api: "./api.ts",
  scale: "./scaling.ts",
  gallery: "./gallery.ts",
  // Media's own benchmarks, folded in once they export `run()` (see `exportsRun`).
  processing: "../bench-processing.ts",
  upload: "../bench-upload.ts",
};

/** Whether a script is importable as a group: it exports `run()` (importing it runs nothing). */
function exportsRun(file: string): boolean {
  const path = join(import.meta.dirname, file);
  return existsSync(path) && /export (async )?function run\b/.test(readFileSync(path, "utf8"));
}

/** In a child: run one group and write its figures to `out`. */
async function runGroup(name: string, out: string) {
  const file = groups[name];
  if (!file) throw new Error(`no bench group ${name}`);
  const mod = (await import(pathToFileURL(join(import.meta.dirname, file)).href)) as {
    run(): Promise<Figure[]>;
  };
  const figures = await mod.run();
  writeFileSync(out, JSON.stringify(figures));
}

function runChild(name: string): Promise<Figure[]> {
  const out = join(tmpdir(), `sharespace-bench-${process.pid}-${name}.json`);
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, import.meta.filename, "--group", name, "--out", out],
      { stdio: "inherit" },
    );
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`bench group ${name} exited with ${code}`));
      resolve(JSON.parse(readFileSync(out, "utf8")));
    });
  });
}

const arg = (flag: string) => {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

const group = arg("--group");
if (group) {
  await runGroup(group, arg("--out") ?? "/dev/stdout");
  process.exit(0);
}

const wanted = (process.env.BENCH_GROUPS ?? Object.keys(groups).join(","))
  .split(",")
  .filter((name) => {
    const file = groups[name];
    if (!file) throw new Error(`no bench group ${name} (groups: ${Object.keys(groups)})`);
    if (exportsRun(file)) return true;
    console.log(`(${name}: ${file} does not export run() yet; skipped)`);
    return false;
  });
const started = Date.now();
const figures: Figure[] = [];
const failed: string[] = [];
for (const name of wanted) {
  console.log(`— ${name}`);
  try {
    figures.push(...(await runChild(name)));
  } catch (error) {
    console.error(String(error));
    failed.push(name);
  }
}
mkdirSync(join(root, "bench"), { recursive: true });
writeFileSync(
  join(root, "bench/results.json"),
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      loadAverage: loadavg().map((n) => Number(n.toFixed(2))),
      seconds: Math.round((Date.now() - started) / 1000),
      figures,
    },
    null,
    2,
  )}\n`,
);
console.log(`\n${table(figures)}\n`);
console.log(
  `${figures.filter((f) => f.met).length} of ${figures.length} figures meet their target; bench/results.json written` +
    (failed.length ? `; groups that failed: ${failed.join(", ")}` : ""),
);
if (failed.length) process.exitCode = 1;
