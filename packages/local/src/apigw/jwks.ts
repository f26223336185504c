import type { JWK } from "jose";
import { JWKS_FETCH_TIMEOUT_MS, MAX_JWKS_BYTES } from "./limits";

/** Options of {@link createKeyStore}. */
export interface KeyStoreOptions {
  /** The authorizer's issuer; discovery is read at `${issuer}/.well-known/openid-configuration`. */
  issuer: string;
  fetch: typeof fetch;
  /** Clock for the cache only (real time, even when token checks run on a frozen clock). */
  now?: () => number;
  /** How long fetched keys are trusted before the next lookup refetches them. */
  maxAgeMs?: number;
  /** Refetches for an unknown `kid` happen at most this often. */
  cooldownMs?: number;
  /** Per request (discovery, then JWKS). */
  timeoutMs?: number;
  maxBytes?: number;
}

/**
 * Local defaults. AWS may keep keys for two hours; locally ten minutes. An unknown `kid`
 * refetches at once, so a freshly rotated key works on its first use, but such refetches
 * happen at most once a second, so a burst of forged `kid`s cannot hammer the issuer.
 */
export const KEY_CACHE_MAX_AGE_MS = 10 * 60_000;
export const UNKNOWN_KID_COOLDOWN_MS = 1_000;

/** The issuer's signing keys by `kid`. */
export interface KeyStore {
  /** The key with this `kid`, or undefined. Rejects with {@link JwksUnavailableError}. */
  get(kid: string): Promise<JWK | undefined>;
}

/** Discovery or the JWKS could not be fetched, parsed, or was too large or too slow. */
export class JwksUnavailableError extends Error {
  readonly code = "jwks_unavailable";
  constructor(message: string) {
    super(message);
    this.name = "JwksUnavailableError";
  }
}

/** A JWKS cache fed through OIDC discovery, with API Gateway's time and size limits. */
export function createKeyStore(options: KeyStoreOptions): KeyStore {
  const now = options.now ?? Date.now;
  const maxAge = options.maxAgeMs ?? KEY_CACHE_MAX_AGE_MS;
  const cooldown = options.cooldownMs ?? UNKNOWN_KID_COOLDOWN_MS;
  const limits = {
    timeoutMs: options.timeoutMs ?? JWKS_FETCH_TIMEOUT_MS,
    maxBytes: options.maxBytes ?? MAX_JWKS_BYTES,
  };
  let keys: Map<string, JWK> | undefined;
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let unknownKidRefetchAt = Number.NEGATIVE_INFINITY;
  let inflight: Promise<Map<string, JWK>> | undefined;

  // Concurrent lookups share one fetch; a failed fetch is not cached.
  const refresh = (): Promise<Map<string, JWK>> => {
    if (!inflight) {
      inflight = loadKeys(options.fetch, options.issuer, limits)
        .then((loaded) => {
          keys = loaded;
          fetchedAt = now();
          return loaded;
        })
        .finally(() => {
          inflight = undefined;
        });
    }
    return inflight;
  };

  return {
    async get(kid) {
      const current = keys && now() - fetchedAt < maxAge ? keys : await refresh();
      const key = current.get(kid);
      if (key || now() - unknownKidRefetchAt < cooldown) return key;
      unknownKidRefetchAt = now();
      return (await refresh()).get(kid);
    },
  };
}

async function loadKeys(
  fetchFn: typeof fetch,
  issuer: string,
  limits: { timeoutMs: number; maxBytes: number },
): Promise<Map<string, JWK>> {
  const discoveryUrl = `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  const discovery = await fetchJson(fetchFn, discoveryUrl, limits);
  const jwksUri = (discovery as { jwks_uri?: unknown } | null)?.jwks_uri;
  if (typeof jwksUri !== "string") {
    throw new JwksUnavailableError(`${discoveryUrl} has no jwks_uri`);
  }
  const jwks = await fetchJson(fetchFn, jwksUri, limits);
  const list = (jwks as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) throw new JwksUnavailableError(`${jwksUri} has no keys array`);
  const keys = new Map<string, JWK>();
  for (const key of list as JWK[]) {
    if (typeof key === "object" && key !== null && typeof key.kid === "string") {
      keys.set(key.kid, key);
    }
  }
  return keys;
}

/** GET a JSON document within the time and size limits, whatever `fetchFn` does. */
async function fetchJson(
  fetchFn: typeof fetch,
  url: string,
  limits: { timeoutMs: number; maxBytes: number },
): Promise<unknown> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new JwksUnavailableError(`${url} did not answer within ${limits.timeoutMs} ms`));
    }, limits.timeoutMs);
  });
  try {
    const download = (async () => {
      const response = await fetchFn(url, {
        signal: controller.signal,
        headers: { accept: "application/json" },
      });
      if (!response.ok) throw new JwksUnavailableError(`${url} answered ${response.status}`);
      return JSON.parse(await readCapped(response, limits.maxBytes, url)) as unknown;
    })();
    download.catch(() => {}); // it may still fail after the timeout has answered
    return await Promise.race([download, timeout]);
  } catch (error) {
    if (error instanceof JwksUnavailableError) throw error;
    throw new JwksUnavailableError(`${url}: ${error instanceof Error ? error.message : error}`);
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(response: Response, maxBytes: number, url: string): Promise<string> {
  const tooLarge = () => new JwksUnavailableError(`${url} is larger than ${maxBytes} bytes`);
  if (Number(response.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge();
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
