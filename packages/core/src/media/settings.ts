import { limits } from "../limits";

/** What a deployment may set about media; defaults from `limits.ts`. */
export interface MediaSettings {
  /** The largest file a user may upload. */
  maxFileBytes: number;
  /** What one user may store, in-flight uploads included. */
  quotaBytes: number;
}

/** A positive whole number of bytes from the environment, or the default. */
function bytesFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${name} must be a whole number of bytes, not "${raw}"`);
  }
  return value;
}

/**
 * The media settings, read per call so a test or a deployment (the function's environment:
 * `SHARESPACE_MAX_FILE_BYTES`, `SHARESPACE_QUOTA_BYTES`) can change them.
 */
export const mediaSettings = (): MediaSettings => ({
  maxFileBytes: bytesFrom("SHARESPACE_MAX_FILE_BYTES", limits.media.maxFileBytes),
  quotaBytes: bytesFrom("SHARESPACE_QUOTA_BYTES", limits.media.quotaBytes),
});
