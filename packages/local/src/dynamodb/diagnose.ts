/**
 * Why DynamoDB Local did not start, told from what Node and Java report, and a check of its
 * data directory before Java starts (a file that is plainly not a database fails fast here).
 * @module
 */
import { constants } from "node:fs";
import { access, mkdir, open } from "node:fs/promises";
import { join } from "node:path";
import { LocalStackError, PortInUseError } from "../errors";

/** DynamoDB Local's file name with `-sharedDb`. */
export const SHARED_DB_FILE = "shared-local-instance.db";

const SQLITE_HEADER = "SQLite format 3\0";
/** Java class file major versions start at 45 for Java 1.1: version = major - 44. */
const CLASS_FILE_OFFSET = 44;

/** What is known when DynamoDB Local failed to start. */
export interface StartFailure {
  spawnError?: NodeJS.ErrnoException;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The end of its stderr. */
  stderr: string;
  port: number;
  path?: string;
  /** It had answered before it stopped. */
  started?: boolean;
}

/** The {@link LocalStackError} that explains a failed start in one line. */
export function diagnoseFailure(failure: StartFailure): LocalStackError {
  const { spawnError, stderr, port, path } = failure;
  if (spawnError?.code === "ENOENT") {
    return new LocalStackError(
      "java_missing",
      "DynamoDB Local needs Java 17 or newer, and no `java` was found on PATH",
      {
        cause: spawnError,
      },
    );
  }
  if (spawnError) {
    return new LocalStackError("dynamodb_failed", `Could not run \`java\`: ${spawnError.message}`, {
      cause: spawnError,
    });
  }
  if (/UnsupportedClassVersionError|Unsupported major\.minor version/.test(stderr)) {
    const major = /versions up to (\d+)/.exec(stderr)?.[1];
    const found = major ? `Java ${Number(major) - CLASS_FILE_OFFSET}` : "older";
    return new LocalStackError(
      "java_too_old",
      `DynamoDB Local needs Java 17 or newer, and \`java\` on PATH is ${found}`,
    );
  }
  if (/BindException|Address already in use/.test(stderr)) {
    return new PortInUseError(port, "DynamoDB Local");
  }
  if (/not a database|SQLITE_CORRUPT|disk image is malformed|SQLITE_NOTADB/i.test(stderr)) {
    return new LocalStackError(
      "data_corrupt",
      `DynamoDB Local cannot read its database in ${path ?? "memory"} (${lastLine(stderr)})`,
    );
  }
  const how =
    failure.exitCode !== null
      ? `exit code ${failure.exitCode}`
      : failure.signal
        ? `signal ${failure.signal}`
        : "an error answer";
  const detail = lastLine(stderr);
  const when = failure.started ? "unexpectedly" : "while starting";
  return new LocalStackError(
    "dynamodb_failed",
    `DynamoDB Local stopped ${when} (${how})${detail ? `: ${detail}` : ""}`,
  );
}

/**
 * Creates the database directory and checks what can be checked without Java: that it is a
 * writable directory and that an existing database file starts like an SQLite file.
 * @throws LocalStackError `data_dir_unusable` or `data_corrupt`.
 */
export async function checkDatabaseDir(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
    await access(path, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new LocalStackError("data_dir_unusable", `${path} is not a usable directory (${code})`, {
      cause: error,
    });
  }
  const file = join(path, SHARED_DB_FILE);
  let header: string;
  try {
    const handle = await open(file, "r");
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(16), 0, 16, 0);
      // SQLite treats an empty file as an empty database.
      if (bytesRead === 0) return;
      header = buffer.subarray(0, bytesRead).toString("latin1");
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new LocalStackError("data_dir_unusable", `${file} cannot be read (${code})`, {
      cause: error,
    });
  }
  if (header !== SQLITE_HEADER) {
    throw new LocalStackError("data_corrupt", `${file} is not a DynamoDB Local database`);
  }
}

/** The last line of Java's output worth showing: not a stack frame, not blank. */
function lastLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("at ") && !line.startsWith("..."));
  return (lines.at(-1) ?? "").slice(0, 200);
}
