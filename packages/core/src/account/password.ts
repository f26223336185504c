import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import { commonPasswords } from "./common-passwords";

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/**
 * scrypt parameters for new hashes: OWASP's first choice (N = 2^17, r = 8, p = 1), 128 MiB
 * per hash (memory-hard) and about 330 ms on one core of the reference machine. Each
 * hash records its own parameters, so raising them later only affects new hashes; old
 * ones still verify and are rehashed at the next sign-in.
 */
export const currentParams = { N: 2 ** 17, r: 8, p: 1, keylen: 32 } as const;

interface Params {
  N: number;
  r: number;
  p: number;
  keylen: number;
}

const derive = (password: string, salt: Buffer, params: Params) =>
  scrypt(password.normalize("NFKC"), salt, params.keylen, {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: 256 * params.N * params.r + 1024 * 1024,
  });

/** `scrypt$N=32768,r=8,p=1$<salt>$<hash>` (base64url). */
export async function hashPassword(password: string, params: Params = currentParams) {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, params);
  return `scrypt$N=${params.N},r=${params.r},p=${params.p}$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}

function parse(stored: string): { params: Params; salt: Buffer; hash: Buffer } | undefined {
  const [scheme, paramText, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !paramText || !salt || !hash) return undefined;
  const values = Object.fromEntries(paramText.split(",").map((kv) => kv.split("=")));
  const hashBytes = Buffer.from(hash, "base64url");
  return {
    params: {
      N: Number(values.N),
      r: Number(values.r),
      p: Number(values.p),
      keylen: hashBytes.length,
    },
    salt: Buffer.from(salt, "base64url"),
    hash: hashBytes,
  };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, parsed.params);
  return timingSafeEqual(actual, parsed.hash);
}

/**
 * The check sign-in runs and the hashing of a new password, in one place so tests can count
 * the derivations (as `clock` lets them move time: a burst must not get more checks than the
 * throttle allows) and can hash a password they sign up with again and again only once.
 */
export const kdf = {
  verify: verifyPassword,
  hash: (password: string) => hashPassword(password),
};

/** True when a stored hash was made with weaker parameters than today's (rehash on login). */
export const needsRehash = (stored: string) => {
  const parsed = parse(stored);
  return !parsed || parsed.params.N < currentParams.N || parsed.params.r < currentParams.r;
};

/**
 * A stored hash that no password matches, verified when the email is unknown so that an
 * unknown email and a wrong password cost the same derivation. It needs no hashing of its
 * own (random salt and random bytes, today's parameters), so the first unknown email is
 * not slower than the rest.
 */
export const dummyHash =
  `scrypt$N=${currentParams.N},r=${currentParams.r},p=${currentParams.p}$` +
  `${randomBytes(16).toString("base64url")}$${randomBytes(currentParams.keylen).toString("base64url")}`;

/** Passwords on the list of the most common ones are refused at sign-up. */
export const isCommonPassword = (password: string) => commonPasswords.has(password.toLowerCase());
