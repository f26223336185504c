import * as v from "valibot";

/** `GET /api/.well-known/openid-configuration`: what the JWT authorizer reads. */
export const Discovery = v.object({
  issuer: v.pipe(v.string(), v.url()),
  jwks_uri: v.pipe(v.string(), v.url()),
  id_token_signing_alg_values_supported: v.array(v.literal("RS256")),
  response_types_supported: v.array(v.string()),
  subject_types_supported: v.array(v.string()),
});
export type Discovery = v.InferOutput<typeof Discovery>;

/** One public signing key, RSA only (what API Gateway's JWT authorizer accepts). */
export const Jwk = v.object({
  kty: v.literal("RSA"),
  kid: v.string(),
  use: v.literal("sig"),
  alg: v.literal("RS256"),
  n: v.string(),
  e: v.string(),
});

/** `GET /api/.well-known/jwks.json`: the current key first, then the previous one during a rotation. */
export const Jwks = v.object({ keys: v.pipe(v.array(Jwk), v.minLength(1)) });
export type Jwks = v.InferOutput<typeof Jwks>;

/** `GET /api/openapi.json`, as far as a client relies on it. */
export const OpenApiDocument = v.looseObject({
  openapi: v.literal("3.1.0"),
  info: v.looseObject({ title: v.string(), version: v.string() }),
  paths: v.record(v.string(), v.record(v.string(), v.looseObject({}))),
});
export type OpenApiDocument = v.InferOutput<typeof OpenApiDocument>;
