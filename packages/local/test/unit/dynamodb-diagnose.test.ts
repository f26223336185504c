import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkDatabaseDir, diagnoseFailure, SHARED_DB_FILE } from "../../src/dynamodb/diagnose";
import { PortInUseError } from "../../src/errors";

const failure = { exitCode: 1, signal: null, stderr: "", port: 8000, path: "/data/dynamodb" };
const enoent = Object.assign(new Error("spawn java ENOENT"), { code: "ENOENT" });

describe("diagnoseFailure", () => {
  it.each([
    ["java missing", { spawnError: enoent, exitCode: null }, "java_missing", /no `java` was found/],
    [
      "Java 11",
      {
        stderr:
          "java.lang.UnsupportedClassVersionError: X (class file version 61.0), this version of the Java Runtime only recognizes class file versions up to 55.0",
      },
      "java_too_old",
      /is Java 11$/,
    ],
    [
      "an ancient Java",
      { stderr: "java.lang.UnsupportedClassVersionError: Unsupported major.minor version 61.0" },
      "java_too_old",
      /is older$/,
    ],
    [
      "a taken port",
      { stderr: "Caused by: java.net.BindException: Address already in use" },
      "port_in_use",
      /Port 8000/,
    ],
    [
      "a database that is none",
      {
        stderr:
          "SQLiteException: [26] DB[1] prepare() SELECT name FROM sqlite_master; [file is encrypted or is not a database]\n\tat com.x(Y.java:1)",
      },
      "data_corrupt",
      /cannot read its database in \/data\/dynamodb/,
    ],
    [
      "anything else",
      { stderr: "Exception in thread main\nboom\n\tat a.b(C.java:1)\n" },
      "dynamodb_failed",
      /\(exit code 1\): boom$/,
    ],
  ])("tells %s", (_label, facts, code, message) => {
    const error = diagnoseFailure({ ...failure, ...facts });
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    if (code === "port_in_use") expect(error).toBeInstanceOf(PortInUseError);
  });
});

describe("checkDatabaseDir", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sharespace-db-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("creates a missing directory and accepts an empty or SQLite file", async () => {
    const path = join(dir, "new", "dynamodb");
    await checkDatabaseDir(path);
    await writeFile(join(path, SHARED_DB_FILE), "");
    await checkDatabaseDir(path);
    await writeFile(join(path, SHARED_DB_FILE), "SQLite format 3\0and pages");
    await checkDatabaseDir(path);
  });

  it("refuses a file that is not SQLite, and a path that is a file", async () => {
    const path = join(dir, "garbage");
    await mkdir(path);
    await writeFile(join(path, SHARED_DB_FILE), "not a database at all");
    await expect(checkDatabaseDir(path)).rejects.toMatchObject({ code: "data_corrupt" });
    await expect(checkDatabaseDir(join(path, SHARED_DB_FILE))).rejects.toMatchObject({
      code: "data_dir_unusable",
    });
  });
});
