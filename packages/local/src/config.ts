import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { LocalStackError } from "./errors";

/** The repository root (this file is packages/local/src/config.ts). */
export const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));

/** How `npm start` runs, read from its environment. */
export interface StackConfig {
  /** The app's port: pages and `/api`. `PORT`, default 3000. */
  port: number;
  /** Where to listen. `HOST`, default 127.0.0.1 (loopback: nothing here is meant for others). */
  host: string;
  /** DynamoDB Local's port. `DYNAMODB_PORT`, default PORT+1. */
  dynamoDbPort: number;
  /** The S3 endpoint's port (browsers upload there directly). `S3_PORT`, default PORT+2. */
  s3Port: number;
  /** Local data: database, objects, signing key. `DATA_DIR`, default `.data/` at the repo root. */
  dataDir: string;
  /** The web package served by Vite. */
  webRoot: string;
}

/** @throws LocalStackError `config_invalid` for a port that is not one. */
export function readConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): StackConfig {
  const port = readPort(env, "PORT", 3000);
  return {
    port,
    host: env.HOST || "127.0.0.1",
    dynamoDbPort: readPort(env, "DYNAMODB_PORT", port + 1),
    s3Port: readPort(env, "S3_PORT", port + 2),
    dataDir: env.DATA_DIR ? resolve(cwd, env.DATA_DIR) : resolve(REPO_ROOT, ".data"),
    webRoot: resolve(REPO_ROOT, "packages/web"),
  };
}

function readPort(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new LocalStackError(
      "config_invalid",
      `${name} must be a port number (1-65535), not "${raw}"`,
    );
  }
  return port;
}
