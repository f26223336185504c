/**
 * Runs `sst diff` on the real `sst.config.ts` and `infra/`, offline, with the Pulumi engine
 * replaced by the mocked stand-in (`pulumi.ts`), and returns the resource graph of each
 * stage. SST's own CLI builds the program, serves its function builds (esbuild, and
 * `nodejs.install` packages such as sharp) and reads the stand-in's engine events.
 *
 * Each run works in a copy of the repository in a temporary directory: SST writes `.sst/`
 * (artifacts, logs, state) and rewrites every `sst-env.d.ts`, the site build writes
 * `packages/web/dist`, and runs of two stages at once would share all of those. The copy
 * takes the working tree's files (tracked and untracked, not ignored) and links
 * `node_modules` and `.sst/platform` back, so packages are not copied and nothing in the
 * repository changes. Workspace packages resolve through those links to the repository,
 * so an edit made to a copy's `packages/core` does not reach its function bundles.
 * @module
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import {
  chmod,
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { onProcessExit } from "../../packages/local/src/exit-hook";
import { alarmEmailFor, emailSenderFor } from "./counts";
import type { Graph } from "./graph";
import { type Home, startHome } from "./home";
import { ensurePlatform, offlineEnv, root, sstBinary } from "./sst";

/** One `sst diff` to run. */
export interface InfraRun {
  stage: string;
  /** Edits the copy before the run (to show that the checks can fail). */
  mutate?: (dir: string) => Promise<void>;
}

/** What a run produced. */
export interface InfraResult {
  stage: string;
  /** The copy the run worked in, with its `.sst/artifacts` (until `dispose`). */
  dir: string;
  exitCode: number | null;
  /** SST's console output. */
  output: string;
  /** Missing when the program never ran (SST failed before starting it). */
  graph: Graph | undefined;
}

/** Options of {@link runInfra}. */
export interface RunInfraOptions {
  /** Per run; default 5 minutes. */
  timeoutMs?: number;
}

/** The runs' results, and the removal of their copies. */
export interface InfraRuns {
  results: InfraResult[];
  /** Removes the copies. */
  dispose(): Promise<void>;
}

/**
 * Runs every stage at once, each in its own copy, against one SST home, which is stopped
 * when the runs end. The copies stay until `dispose`, for checks that read built files.
 */
export async function runInfra(
  runs: InfraRun[],
  options: RunInfraOptions = {},
): Promise<InfraRuns> {
  ensurePlatform();
  const work = await mkdtemp(join(tmpdir(), "sharespace-infra-"));
  const dispose = async () => {
    if (process.env.KEEP_INFRA_RUNS) console.log(`infra runs kept in ${work}`);
    else await rm(work, { recursive: true, force: true });
  };
  let home: Home | undefined;
  try {
    home = await startHome();
    const homeEnv = home.env;
    const pulumi = await writePulumiShim(join(work, "config"));
    const files = workingTreeFiles();
    const results = await Promise.all(
      runs.map(async (run) => {
        const dir = join(work, run.stage);
        await copyTree(files, dir);
        await run.mutate?.(dir);
        const env = {
          ...sanitizedEnv(),
          ...offlineEnv,
          ...homeEnv,
          // SST's global directory (Pulumi's home, and where it looks for `pulumi`).
          XDG_CONFIG_HOME: join(work, "config"),
          SST_PULUMI_PATH: pulumi,
          SHARESPACE_INFRA_GRAPH: join(dir, "graph.json"),
          SHARESPACE_ALARM_EMAIL: alarmEmailFor(run.stage) ?? "",
          SHARESPACE_EMAIL_SENDER: emailSenderFor(run.stage),
          // `nodejs.install` runs npm: take packages from npm's cache when it has them.
          npm_config_prefer_offline: "true",
        };
        return runSst(run.stage, dir, env, options.timeoutMs ?? 300_000);
      }),
    );
    return { results, dispose };
  } catch (error) {
    await dispose();
    throw error;
  } finally {
    await home?.stop();
  }
}

/**
 * The caller's environment without anything that could reach a real AWS account (SST gets
 * only the home's loopback endpoints and s3rver's credentials), and without what Vitest
 * sets for tests (`NODE_ENV=test` would change the web app's build).
 */
function sanitizedEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  const vitest = ["BASE_URL", "DEV", "FORCE_TTY", "MODE", "NODE_ENV", "PROD", "SSR", "TEST"];
  for (const key of Object.keys(env)) {
    if (/^(AWS_|SST_|VITEST)/.test(key) || vitest.includes(key)) delete env[key];
  }
  return {
    ...env,
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    // Any AWS service without its own endpoint below goes to a closed port, never to AWS.
    AWS_ENDPOINT_URL: "http://127.0.0.1:9",
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

/** SST runs `pulumi` from a path; this one runs the stand-in with this very Node. */
async function writePulumiShim(configDir: string): Promise<string> {
  const bin = join(configDir, "sst", "bin");
  await mkdir(bin, { recursive: true });
  const standIn = join(root, "scripts", "infra", "pulumi.ts");
  const path = join(bin, "pulumi");
  await writeFile(path, `#!/bin/sh\nexec '${process.execPath}' '${standIn}' "$@"\n`);
  await chmod(path, 0o755);
  return path;
}

/** The working tree's files: tracked and untracked, without what git ignores. */
function workingTreeFiles(): string[] {
  // `safe.directory`: CI containers check the repository out as another user than theirs.
  const out = execFileSync(
    "git",
    [
      "-c",
      `safe.directory=${root}`,
      "ls-files",
      "-z",
      "--cached",
      "--others",
      "--exclude-standard",
    ],
    {
      cwd: root,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  // Deleted files are still listed; so is a symlinked `node_modules`, which is linked below.
  return out
    .split("\0")
    .filter((file) => file && statSync(join(root, file), { throwIfNoEntry: false })?.isFile());
}

async function copyTree(files: string[], dir: string) {
  for (const file of files) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await copyFile(join(root, file), join(dir, file));
  }
  const links = ["node_modules"];
  for (const pkg of await readdir(join(root, "packages"))) {
    if (existsSync(join(root, "packages", pkg, "node_modules"))) {
      links.push(join("packages", pkg, "node_modules"));
    }
  }
  // SST writes the program it builds into `.sst/platform`: a directory of the copy's own,
  // whose entries link to the installed platform.
  const platform = join(root, ".sst", "platform");
  await mkdir(join(dir, ".sst", "platform"), { recursive: true });
  for (const entry of await readdir(platform)) {
    if (!/^sst\.config\.\d+\.mjs$/.test(entry)) links.push(join(".sst", "platform", entry));
  }
  for (const link of links) await symlink(join(root, link), join(dir, link));
  await copyFile(join(root, ".sst", "provider-lock.json"), join(dir, ".sst", "provider-lock.json"));
}

/** `sst diff --stage <stage>` in `dir`; resolves with SST's output and the stand-in's graph. */
function runSst(stage: string, dir: string, env: NodeJS.ProcessEnv, timeoutMs: number) {
  return new Promise<InfraResult>((resolve, reject) => {
    // A process group of its own, so that a timeout ends SST and everything it started.
    const child = spawn(sstBinary(), ["diff", "--stage", stage], {
      cwd: dir,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const kill = () => {
      try {
        if (child.pid && child.exitCode === null) process.kill(-child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    };
    const unhook = onProcessExit(kill);
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => {
      output += `\n(sst diff --stage ${stage} timed out after ${timeoutMs} ms)\n`;
      kill();
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", async (exitCode) => {
      clearTimeout(timer);
      unhook();
      const file = join(dir, "graph.json");
      const graph = existsSync(file)
        ? (JSON.parse(await readFile(file, "utf8")) as Graph)
        : undefined;
      resolve({ stage, dir, exitCode, output, graph });
    });
  });
}
