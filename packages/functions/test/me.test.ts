import {
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  generateKeyPairSync,
} from "node:crypto";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../../local/test/stack";

let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack();
});
afterAll(() => stack?.close());

let n = 0;
/** A fresh account: every test that reads or changes a user has its own. */
async function newUser(name: string) {
  const res = await stack.request("POST", "/api/auth/signup", {
    body: {
      email: `${name.toLowerCase()}.${Date.now()}.${n++}@example.com`,
      password: "violet-harbour-42",
      name,
    },
  });
  expect(res.status).toBe(201);
  return { token: res.json.accessToken as string, id: res.json.user.id as string };
}

describe("GET /api/me", () => {
  it("answers the signed-in user with usage and quota", async () => {
    const ada = await newUser("Ada");
    const res = await stack.request("GET", "/api/me", { token: ada.token });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      id: ada.id,
      name: "Ada",
      usage: { bytes: 0, count: 0 },
      quota: { bytes: 100 * 1024 ** 3 },
    });
  });

  it("shows each user only themselves", async () => {
    const [ada, bob] = await Promise.all([newUser("Ada"), newUser("Bob")]);
    expect((await stack.request("GET", "/api/me", { token: bob.token })).json.id).toBe(bob.id);
    expect((await stack.request("GET", "/api/me", { token: ada.token })).json.id).toBe(ada.id);
  });

  it("answers 401 to anonymous callers, before the function runs", async () => {
    const res = await stack.request("GET", "/api/me");
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ message: "Unauthorized" });
  });
});

describe("PATCH /api/me", () => {
  it("changes the caller's name and nobody else's", async () => {
    const [ada, bob] = await Promise.all([newUser("Ada"), newUser("Bob")]);
    const res = await stack.request("PATCH", "/api/me", {
      token: bob.token,
      body: { name: "  Robert " },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: bob.id, name: "Robert" });
    expect((await stack.request("GET", "/api/me", { token: ada.token })).json.name).toBe("Ada");
    expect((await stack.request("GET", "/api/me", { token: bob.token })).json.name).toBe("Robert");
  });

  it.each([
    ["an unknown field", { name: "Ok", email: "evil@example.com" }],
    ["an empty name", { name: "" }],
    ["a wrong type", { name: 42 }],
  ])("answers 400 to %s, and changes nothing", async (_label, body) => {
    const ada = await newUser("Ada");
    const res = await stack.request("PATCH", "/api/me", { token: ada.token, body });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_request");
    const me = await stack.request("GET", "/api/me", { token: ada.token });
    expect(me.json).toMatchObject({ name: "Ada", email: expect.stringMatching(/^ada\./) });
  });

  it("answers 401 to anonymous callers", async () => {
    expect((await stack.request("PATCH", "/api/me", { body: { name: "X" } })).status).toBe(401);
  });
});

describe("the JWT authorizer in front of the API", () => {
  // Read-only: these tests share two accounts and never change them.
  let ada: { token: string; id: string };
  let bob: { token: string; id: string };
  beforeAll(async () => {
    [ada, bob] = await Promise.all([newUser("Ada"), newUser("Bob")]);
  });
  const sign = (
    claims: Record<string, unknown>,
    options: { key?: Parameters<SignJWT["sign"]>[0]; alg?: string; kid?: string } = {},
  ) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      iss: stack.issuer,
      aud: stack.audience,
      sub: ada.id,
      iat: now,
      exp: now + 300,
      ...claims,
    })
      .setProtectedHeader({ alg: options.alg ?? "RS256", kid: options.kid ?? stack.kid })
      .sign(options.key ?? createPrivateKey(stack.privateKey));
  };
  const unsigned = (claims: Record<string, unknown>) => {
    const now = Math.floor(Date.now() / 1000);
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    return `${part({ alg: "none", kid: stack.kid })}.${part({ iss: stack.issuer, aud: stack.audience, sub: ada.id, iat: now, exp: now + 300, ...claims })}.`;
  };

  it("lets a token it issued through", async () => {
    expect((await stack.request("GET", "/api/me", { token: await sign({}) })).status).toBe(200);
  });

  it.each([
    [
      "a tampered payload",
      async () => {
        const [h, , s] = ada.token.split(".");
        const payload = Buffer.from(
          JSON.stringify({ sub: bob.id, iss: stack.issuer, aud: stack.audience, exp: 4e9 }),
        ).toString("base64url");
        return `${h}.${payload}.${s}`;
      },
    ],
    [
      "an expired token",
      () =>
        sign({
          exp: Math.floor(Date.now() / 1000) - 60,
          iat: Math.floor(Date.now() / 1000) - 1000,
        }),
    ],
    ["a token not valid yet", () => sign({ nbf: Math.floor(Date.now() / 1000) + 600 })],
    ["a wrong audience", () => sign({ aud: "someone-else" })],
    ["a wrong issuer", () => sign({ iss: "https://evil.example/api" })],
    ["alg none", async () => unsigned({})],
    [
      "HS256 keyed with the public key",
      () =>
        sign(
          {},
          {
            alg: "HS256",
            key: createSecretKey(
              createPublicKey(stack.privateKey).export({ type: "spki", format: "pem" }) as Buffer,
            ),
          },
        ),
    ],
    ["an unknown kid", () => sign({}, { kid: "not-a-key-we-know" })],
    [
      "another key with our kid",
      () => sign({}, { key: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey }),
    ],
    ["garbage", async () => "not.a.jwt"],
  ])("rejects %s with 401", async (_label, makeToken) => {
    const res = await stack.request("GET", "/api/me", { token: await makeToken() });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ message: "Unauthorized" });
  });
});

describe("GET /api/health and /api/openapi.json", () => {
  it("answers ok when the table and the bucket answer", async () => {
    const res = await stack.request("GET", "/api/health");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: "ok" });
  });

  it("documents every route of the table", async () => {
    const { routes } = await import("../src/routes");
    const res = await stack.request("GET", "/api/openapi.json");
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe("3.1.0");
    for (const route of routes) {
      expect(
        res.json.paths[route.path]?.[route.method.toLowerCase()],
        `${route.method} ${route.path}`,
      ).toBeDefined();
    }
    const signup = res.json.paths["/api/auth/signup"].post;
    expect(signup.requestBody.content["application/json"].schema.properties).toHaveProperty(
      "email",
    );
    expect(signup.responses).toHaveProperty("409");
  });
});
