import { exportJWK, exportSPKI, generateKeyPair, importJWK, type JWTPayload, SignJWT } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AUDIENCE,
  createIssuer,
  ISSUER,
  NOW_S,
  recorder,
  route,
  send,
  startGateway,
  type TestGateway,
} from "./apigw-harness";

type Issuer = Awaited<ReturnType<typeof createIssuer>>;

let issuer: Issuer;
let gateway: TestGateway;
const spy = recorder();

beforeAll(async () => {
  issuer = await createIssuer();
  gateway = await startGateway({
    routes: [route("GET /api/me", spy.handler, true), route("GET /api/public", spy.handler)],
    jwt: { issuer: ISSUER, audience: ["other-client", AUDIENCE] },
    fetch: issuer.fetch,
  });
});
afterAll(() => gateway.close());
beforeEach(() => {
  spy.handler.mockClear();
  spy.events.length = 0;
});

const me = (authorization?: string) =>
  authorization === undefined ? send(gateway.port, "/api/me") : sendAs(gateway.port, authorization);

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** An Authorization header value the authorizer must refuse, and the reason it gives. */
const rejected: [string, () => Promise<string>, string][] = [
  ["a malformed token", async () => "Bearer not-a-jwt", "the token is malformed"],
  ["three segments of garbage", async () => "Bearer a.b.c", "the token is malformed"],
  ["an expired token", () => bearer({ exp: NOW_S - 1 }), "the token has expired"],
  ["a token expiring this very second", () => bearer({ exp: NOW_S }), "the token has expired"],
  ["a token without exp", () => bearer({ exp: undefined }), "the token does not have a valid exp"],
  [
    "a token not valid yet (nbf)",
    () => bearer({ nbf: NOW_S + 1 }),
    "the token is not valid yet (nbf)",
  ],
  [
    "a token issued in the future (iat)",
    () => bearer({ iat: NOW_S + 1 }),
    "the token is not valid yet (iat)",
  ],
  [
    "a wrong issuer",
    () => bearer({ iss: "https://evil.example.test/api" }),
    "the token does not have a valid issuer",
  ],
  [
    "an issuer differing by a trailing slash",
    () => bearer({ iss: `${ISSUER}/` }),
    "the token does not have a valid issuer",
  ],
  [
    "a wrong audience",
    () => bearer({ aud: "someone-else" }),
    "the token does not have a valid audience",
  ],
  [
    "audiences none of which is configured",
    () => bearer({ aud: ["a", "b"] }),
    "the token does not have a valid audience",
  ],
  [
    "no aud and a wrong client_id",
    () => bearer({ aud: undefined, client_id: "nope" }),
    "the token does not have a valid audience",
  ],
  [
    "neither aud nor client_id",
    () => bearer({ aud: undefined }),
    "the token does not have a valid audience",
  ],
  [
    "alg none",
    async () => `Bearer ${b64url({ alg: "none", kid: "key-1" })}.${b64url(issuer.claims())}.`,
    "signing method none is invalid",
  ],
  [
    "HS256 signed with the public key's PEM as the HMAC secret",
    async () => {
      const pem = await exportSPKI(issuer.publicKey);
      return `Bearer ${await issuer.sign(issuer.claims(), { alg: "HS256" }, new TextEncoder().encode(pem))}`;
    },
    "signing method HS256 is invalid",
  ],
  [
    "HS256 signed with the public JWK's modulus bytes",
    async () => {
      const modulus = Buffer.from(issuer.publicJwk.n as string, "base64url");
      return `Bearer ${await issuer.sign(issuer.claims(), { alg: "HS256" }, modulus)}`;
    },
    "signing method HS256 is invalid",
  ],
  [
    "ES256 under a known kid",
    async () => {
      const ec = await generateKeyPair("ES256");
      return `Bearer ${await issuer.sign(issuer.claims(), { alg: "ES256" }, ec.privateKey)}`;
    },
    "signing method ES256 is invalid",
  ],
  [
    "PS256 (RSA-PSS is not one of the RS algorithms)",
    async () => {
      const ps = await generateKeyPair("PS256");
      return `Bearer ${await issuer.sign(issuer.claims(), { alg: "PS256" }, ps.privateKey)}`;
    },
    "signing method PS256 is invalid",
  ],
  [
    "an unknown kid",
    async () => `Bearer ${await issuer.sign(issuer.claims(), { kid: "key-9" })}`,
    "no signing key in the issuer's JWKS matches kid",
  ],
  [
    "no kid",
    async () => `Bearer ${await issuer.sign(issuer.claims(), { kid: undefined })}`,
    "no signing key in the issuer's JWKS matches kid",
  ],
  [
    "a signature by another RSA key under the known kid",
    async () => {
      const other = await generateKeyPair("RS256");
      return `Bearer ${await issuer.sign(issuer.claims(), {}, other.privateKey)}`;
    },
    "the token signature is invalid",
  ],
  [
    "a payload altered after signing",
    async () => {
      const [header, , signature] = (await issuer.sign()).split(".");
      return `Bearer ${header}.${b64url(issuer.claims({ sub: "usr_admin" }))}.${signature}`;
    },
    "the token signature is invalid",
  ],
];

/**
 * Runs `test` against a gateway with its own, empty key cache (the shared one may be inside
 * its unknown-kid cooldown), then restores the issuer's published keys.
 */
async function withOwnGateway(test: (port: number) => Promise<void>) {
  const own = await startGateway({
    routes: [route("GET /api/me", spy.handler, true)],
    jwt: { issuer: ISSUER, audience: [AUDIENCE] },
    fetch: issuer.fetch,
  });
  try {
    await test(own.port);
  } finally {
    issuer.publish([issuer.publicJwk]);
    await own.close();
  }
}

const sendAs = (port: number, authorization: string) =>
  send(port, "/api/me", { headers: [["Authorization", authorization]] });

function bearer(overrides: JWTPayload) {
  return issuer.sign(issuer.claims(overrides)).then((token) => `Bearer ${token}`);
}

describe("the JWT authorizer refuses, with 401 and before the handler runs,", () => {
  it.each([
    ["no Authorization header", undefined],
    ["an empty Authorization header", ""],
    ["a Bearer scheme without a token", "Bearer "],
  ])("%s", async (_, authorization) => {
    const response = await me(authorization);
    expect(response.status).toBe(401);
    expect(response.text).toBe('{"message":"Unauthorized"}');
    expect(response.headers["www-authenticate"]).toBe("Bearer");
    expect(spy.handler).not.toHaveBeenCalled();
  });

  it.each(rejected)("%s", async (_, makeHeader, description) => {
    const response = await me(await makeHeader());
    expect(response.status).toBe(401);
    expect(response.text).toBe('{"message":"Unauthorized"}');
    expect(response.headers["content-type"]).toBe("application/json");
    expect(response.headers["www-authenticate"]).toBe(
      `Bearer scope="" error="invalid_token" error_description="${description}"`,
    );
    expect(spy.handler).not.toHaveBeenCalled();
  });

  it("and says so in AWS's words for a wrong audience", async () => {
    const response = await me(await bearer({ aud: "someone-else" }));
    expect(response.headers["www-authenticate"]).toBe(
      'Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience"',
    );
  });
});

describe("the JWT authorizer lets through", () => {
  it.each([
    ["Bearer <token>", (t: string) => `Bearer ${t}`],
    ["bearer <token>", (t: string) => `bearer ${t}`],
    ["the bare token", (t: string) => t],
  ])("%s", async (_, format) => {
    const response = await me(format(await issuer.sign()));
    expect(response.status).toBe(200);
    expect(spy.handler).toHaveBeenCalledTimes(1);
  });

  it.each([
    ["aud as a list holding a configured audience", { aud: ["x", AUDIENCE] }],
    ["client_id when aud is absent", { aud: undefined, client_id: AUDIENCE }],
    ["nbf and iat equal to now (no clock skew either way)", { nbf: NOW_S, iat: NOW_S }],
    ["exp one second ahead", { exp: NOW_S + 1 }],
  ])("%s", async (_, overrides) => {
    const response = await me(await bearer(overrides));
    expect(response.status).toBe(200);
  });

  it("and passes the claims as strings, with scopes null", async () => {
    const token = await issuer.sign(
      issuer.claims({
        exp: 1787996002,
        groups: ["admin", "poweruser"],
        profile: { plan: "pro", n: 1 },
        verified: true,
        nothing: null,
      }),
    );
    await me(`Bearer ${token}`);
    expect(spy.events[0]?.requestContext.authorizer).toEqual({
      jwt: {
        claims: {
          iss: ISSUER,
          aud: AUDIENCE,
          sub: "usr_01",
          iat: String(NOW_S - 60),
          exp: "1787996002",
          groups: "[admin poweruser]",
          profile: '{"plan":"pro","n":1}',
          verified: "true",
        },
        scopes: null,
      },
    });
  });

  it("RS384 and RS512 signatures when the JWK does not pin an algorithm", async () => {
    const { alg: _, ...unpinned } = issuer.publicJwk;
    await withOwnGateway(async (port) => {
      issuer.publish([{ ...unpinned, kid: "key-any" }]);
      const privateJwk = await exportJWK(issuer.privateKey);
      for (const alg of ["RS384", "RS512"]) {
        const token = await new SignJWT(issuer.claims())
          .setProtectedHeader({ alg, kid: "key-any" })
          .sign(await importJWK(privateJwk, alg));
        expect((await sendAs(port, `Bearer ${token}`)).status).toBe(200);
      }
    });
  });

  it("a token signed with a key rotated in after the JWKS was cached", async () => {
    const next = await generateKeyPair("RS256");
    const nextJwk = { ...(await exportJWK(next.publicKey)), kid: "key-2", alg: "RS256" };
    await withOwnGateway(async (port) => {
      expect((await sendAs(port, `Bearer ${await issuer.sign()}`)).status).toBe(200);
      issuer.publish([issuer.publicJwk, nextJwk]);
      const token = await issuer.sign(issuer.claims(), { kid: "key-2" }, next.privateKey);
      expect((await sendAs(port, `Bearer ${token}`)).status).toBe(200);
    });
  });

  it("requests on public routes without looking at the token", async () => {
    const response = await send(gateway.port, "/api/public", {
      headers: [["Authorization", "Bearer garbage"]],
    });
    expect(response.status).toBe(200);
    expect(spy.events[0]?.requestContext).not.toHaveProperty("authorizer");
  });
});
