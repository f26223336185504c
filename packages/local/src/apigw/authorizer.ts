import {
  compactVerify,
  decodeJwt,
  decodeProtectedHeader,
  importJWK,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from "jose";
import { stringifyClaims } from "./claims";
import type { KeyStore } from "./jwks";

/** API Gateway's JWT authorizers accept RSA signatures only. */
const RSA_ALGORITHMS = new Set(["RS256", "RS384", "RS512"]);

/** Why a token was refused; `code` is stable, `description` goes to the client. */
export type RejectionCode =
  | "missing_token"
  | "malformed_token"
  | "unsupported_algorithm"
  | "unknown_key"
  | "jwks_unavailable"
  | "invalid_signature"
  | "invalid_issuer"
  | "invalid_audience"
  | "expired"
  | "not_yet_valid";

/** The authorizer refused the request: the gateway answers 401 and the handler never runs. */
export class TokenRejectedError extends Error {
  constructor(
    readonly code: RejectionCode,
    readonly description: string,
  ) {
    super(description);
    this.name = "TokenRejectedError";
  }
}

/** Options of {@link createJwtAuthorizer}. */
export interface JwtAuthorizerOptions {
  issuer: string;
  audience: string[];
  keys: KeyStore;
  /** Milliseconds; `exp`, `nbf` and `iat` are compared with it without any clock skew. */
  now: () => number;
}

/** Checks an `Authorization` header value; resolves the claims as API Gateway passes them. */
export type JwtAuthorizer = (authorization: string | undefined) => Promise<Record<string, string>>;

/**
 * API Gateway's JWT authorizer, in AWS's order (README, "JWT authorizer"): read the token, decode
 * it, verify its RSA signature with the JWKS key named by `kid`, then check `iss`, `aud` (or
 * `client_id` when `aud` is absent), `exp`, `nbf` and `iat`. Only the audience
 * `error_description` is documented by AWS; the other wordings are ours.
 */
export function createJwtAuthorizer(options: JwtAuthorizerOptions): JwtAuthorizer {
  return async (authorization) => {
    const token = readToken(authorization);
    const { header, payload } = decode(token);
    const alg = header.alg ?? "";
    if (!RSA_ALGORITHMS.has(alg)) {
      throw new TokenRejectedError("unsupported_algorithm", `signing method ${alg} is invalid`);
    }
    await verifySignature(token, alg, header.kid, options.keys);
    checkClaims(payload, options);
    return stringifyClaims(payload);
  };
}

/** The bare token, or the token after a `Bearer ` scheme (matched case-insensitively). */
function readToken(authorization: string | undefined): string {
  // Node trims header values, so "Bearer " arrives as "Bearer": no token either.
  const token = authorization?.trim().replace(/^Bearer(\s+|$)/i, "");
  if (!token) throw new TokenRejectedError("missing_token", "the token is missing");
  return token;
}

function decode(token: string): { header: ProtectedHeaderParameters; payload: JWTPayload } {
  try {
    if (token.split(".").length !== 3) throw new Error("not a compact JWS");
    return { header: decodeProtectedHeader(token), payload: decodeJwt(token) };
  } catch {
    throw new TokenRejectedError("malformed_token", "the token is malformed");
  }
}

async function verifySignature(
  token: string,
  alg: string,
  kid: string | undefined,
  keys: KeyStore,
): Promise<void> {
  let jwk: Awaited<ReturnType<KeyStore["get"]>>;
  try {
    jwk = kid === undefined ? undefined : await keys.get(kid);
  } catch {
    throw new TokenRejectedError("jwks_unavailable", "the issuer's signing keys are unavailable");
  }
  // A key of another type, algorithm or use under the right kid is as good as no key.
  const usable =
    jwk?.kty === "RSA" &&
    (jwk.alg === undefined || jwk.alg === alg) &&
    (jwk.use === undefined || jwk.use === "sig");
  if (!jwk || !usable) {
    throw new TokenRejectedError("unknown_key", "no signing key in the issuer's JWKS matches kid");
  }
  try {
    const key = await importJWK(jwk, alg);
    await compactVerify(token, key, { algorithms: [alg] });
  } catch {
    throw new TokenRejectedError("invalid_signature", "the token signature is invalid");
  }
}

function checkClaims(payload: JWTPayload, options: JwtAuthorizerOptions): void {
  if (payload.iss !== options.issuer) {
    throw new TokenRejectedError("invalid_issuer", "the token does not have a valid issuer");
  }
  const audiences =
    payload.aud === undefined ? [payload.client_id] : ([] as unknown[]).concat(payload.aud);
  if (!audiences.some((aud) => typeof aud === "string" && options.audience.includes(aud))) {
    throw new TokenRejectedError("invalid_audience", "the token does not have a valid audience");
  }
  const now = options.now() / 1000;
  // `exp` is required: a token that never expires is refused here even if AWS might accept it.
  if (typeof payload.exp !== "number") {
    throw new TokenRejectedError("expired", "the token does not have a valid exp");
  }
  if (payload.exp <= now) throw new TokenRejectedError("expired", "the token has expired");
  for (const claim of ["nbf", "iat"] as const) {
    const value = payload[claim];
    if (value === undefined) continue;
    if (typeof value !== "number" || value > now) {
      throw new TokenRejectedError("not_yet_valid", `the token is not valid yet (${claim})`);
    }
  }
}
