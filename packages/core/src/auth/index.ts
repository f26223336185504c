import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, SignJWT } from "jose";
import { config } from "../config";
import { limits } from "../limits";
import type { Discovery, Jwks } from "../schema/discovery";
import { clock } from "../time";

type Jwk = Jwks["keys"][number];

interface SigningKeys {
  privateKey: KeyObject;
  kid: string;
  /** Current key first, then the previous one during a rotation. */
  jwks: Jwk[];
}

const publicJwk = async (key: KeyObject) => {
  const jwk = await exportJWK(key);
  const kid = await calculateJwkThumbprint(jwk);
  const published: Jwk = {
    kty: "RSA",
    kid,
    use: "sig",
    alg: "RS256",
    n: jwk.n ?? "",
    e: jwk.e ?? "",
  };
  return { kid, jwk: published };
};

let keys: Promise<SigningKeys> | undefined;

/**
 * The signing key comes from the `Issuer` link (generated per stage by the
 * infrastructure). Its `kid` is the key's JWK thumbprint, so it needs no bookkeeping.
 */
function loadKeys(): Promise<SigningKeys> {
  keys ??= (async () => {
    const issuer = config.issuer();
    const privateKey = createPrivateKey(issuer.privateKey);
    const current = await publicJwk(createPublicKey(privateKey));
    const previous = issuer.previousPublicKey
      ? await publicJwk(createPublicKey(issuer.previousPublicKey))
      : undefined;
    const jwks =
      previous && previous.kid !== current.kid ? [current.jwk, previous.jwk] : [current.jwk];
    return { privateKey, kid: current.kid, jwks };
  })();
  return keys;
}

/** The token issuer: access tokens, its JWKS and its OIDC discovery document. */
export namespace Issuer {
  export async function signAccessToken(userId: string) {
    const { privateKey, kid } = await loadKeys();
    const { url, audience } = config.issuer();
    const now = Math.floor(clock.now() / 1000);
    const accessToken = await new SignJWT({})
      .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
      .setIssuer(url)
      .setAudience(audience)
      .setSubject(userId)
      .setIssuedAt(now)
      .setExpirationTime(now + limits.accessTokenSeconds)
      .sign(privateKey);
    return { accessToken, expiresIn: limits.accessTokenSeconds };
  }

  export const jwks = async (): Promise<Jwks> => ({ keys: (await loadKeys()).jwks });

  export const discovery = (): Discovery => {
    const { url } = config.issuer();
    return {
      issuer: url,
      jwks_uri: `${url}/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: ["RS256"],
      response_types_supported: ["token"],
      subject_types_supported: ["public"],
    };
  };

  /** Cookies get `Secure` when the app is served over https (deployed), not on localhost. */
  export const isSecure = () => config.issuer().url.startsWith("https://");
}
