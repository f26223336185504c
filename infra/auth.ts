import { router } from "./web";

/*
 * The access-token signing key, generated per stage and kept in the Pulumi state (as a
 * secret): nobody types it, it is never in source, and a PR stage needs no setup step.
 * RS256, because API Gateway's JWT authorizer accepts RSA keys only.
 *
 * Rotating it without signing anybody out (the Auth function lists every key below in
 * its JWKS, and access tokens live at most 15 minutes):
 *   1. add `new tls.PrivateKey("SigningKey2", ...)`, link its `privateKeyPemPkcs8` as
 *      `privateKey` and set `previousPublicKey` to `signingKey.publicKeyPem`; deploy;
 *   2. wait 15 minutes or more, so that every token signed by the old key has expired;
 *   3. remove the old key and set `previousPublicKey` back to ""; deploy.
 */
const signingKey = new tls.PrivateKey("SigningKey", { algorithm: "RSA", rsaBits: 2048 });

/** What the Auth function needs to issue tokens; API Gateway verifies them from `url`. */
export const issuer = new sst.Linkable("Issuer", {
  properties: {
    url: $interpolate`${router.url}/api`,
    audience: `${$app.name}-${$app.stage}`,
    privateKey: signingKey.privateKeyPemPkcs8,
    previousPublicKey: "",
  },
});
