import { generateKeyPairSync } from "node:crypto";
import { calculateJwkThumbprint, createLocalJWKSet, exportJWK, jwtVerify, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";

// Two keys, as during a rotation: the new one signs, the old one must still verify.
const current = generateKeyPairSync("rsa", { modulusLength: 2048 });
const previous = generateKeyPairSync("rsa", { modulusLength: 2048 });
const issuer = { url: "https://app.example/api", audience: "sharespace-test" };

let Issuer: typeof import("../src/auth").Issuer;
beforeAll(async () => {
  // SST's SDK reads links from the environment on first use; this file runs in its own worker.
  process.env.SST_RESOURCE_Issuer = JSON.stringify({
    ...issuer,
    privateKey: current.privateKey.export({ type: "pkcs8", format: "pem" }),
    previousPublicKey: previous.publicKey.export({ type: "spki", format: "pem" }),
  });
  ({ Issuer } = await import("../src/auth"));
});

describe("the issuer during a key rotation", () => {
  it("lists the current key first, then the previous one, public parts only", async () => {
    const { keys } = await Issuer.jwks();
    const kid = async (key: typeof current.publicKey) =>
      calculateJwkThumbprint(await exportJWK(key));
    expect(keys.map((k) => k.kid)).toEqual([
      await kid(current.publicKey),
      await kid(previous.publicKey),
    ]);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: "RSA", use: "sig", alg: "RS256" });
      expect(key).not.toHaveProperty("d");
    }
  });

  it("signs 15-minute RS256 tokens with the current key that its JWKS verifies", async () => {
    const { accessToken, expiresIn } = await Issuer.signAccessToken("usr_1");
    expect(expiresIn).toBe(900);
    const { payload, protectedHeader } = await jwtVerify(
      accessToken,
      createLocalJWKSet(await Issuer.jwks()),
      { issuer: issuer.url, audience: issuer.audience, algorithms: ["RS256"] },
    );
    expect(protectedHeader.kid).toBe((await Issuer.jwks()).keys[0]?.kid);
    expect(payload.sub).toBe("usr_1");
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(900);
  });

  it("still verifies a token the previous key signed", async () => {
    const kid = (await Issuer.jwks()).keys[1]?.kid;
    const old = await new SignJWT({})
      .setProtectedHeader({ alg: "RS256", kid })
      .setIssuer(issuer.url)
      .setAudience(issuer.audience)
      .setSubject("usr_2")
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(previous.privateKey);
    const { payload } = await jwtVerify(old, createLocalJWKSet(await Issuer.jwks()), {
      issuer: issuer.url,
      audience: issuer.audience,
    });
    expect(payload.sub).toBe("usr_2");
  });

  it("sends cookies Secure when the issuer is https", () => {
    expect(Issuer.isSecure()).toBe(true);
  });
});
