/**
 * The shared input rules (names, passwords) as the API applies them: every refusal is a
 * 400 naming the field, never a 500, and lengths count characters, not UTF-16 units.
 * The rules themselves are tested one by one in packages/core/test/input-rules.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../../local/test/stack";

let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack();
});
afterAll(() => stack?.close());

let counter = 0;
const uniqueEmail = () => `rules.${Date.now()}.${counter++}@example.com`;
const password = "violet-harbour-42";
const signup = (body: Record<string, unknown>) =>
  stack.request("POST", "/api/auth/signup", { body });

describe("POST /api/auth/signup", () => {
  it.each([
    ["one character repeated", { password: "zzzzzzzzzz" }, "password"],
    ["a password of 129 emoji", { password: `${"😀🙂".repeat(64)}🙃` }, "password"],
    ["a direction override in the name", { name: "Eve\u202Egnp.exe" }, "name"],
    ["a name of zero-width spaces", { name: "\u200B\u200B" }, "name"],
    ["a lone surrogate in the name", { name: "Ada\uD800" }, "name"],
    ["a newline in the name", { name: "Ada\nLovelace" }, "name"],
  ])("answers 400 to %s, naming the field", async (_label, patch, path) => {
    const res = await signup({ email: uniqueEmail(), password, name: "Ada", ...patch });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_request");
    expect(res.json.error.details.map((d: { path: string }) => d.path)).toEqual([path]);
  });

  it("refuses the email as the password, in any case", async () => {
    const email = uniqueEmail();
    const res = await signup({ email, password: ` ${email.toUpperCase()}`, name: "Ada" });
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([
      { path: "password", message: "Password can't be your email address." },
    ]);
  });

  it("counts a password's length in characters: 128 emoji sign up and sign in", async () => {
    const email = uniqueEmail();
    const emojiPassword = "😀🙂".repeat(64);
    const created = await signup({ email, password: emojiPassword, name: "Ada 👩‍💻" });
    expect(created.status).toBe(201);
    expect(created.json.user.emailVerified).toBe(false);
    const res = await stack.request("POST", "/api/auth/login", {
      body: { email, password: emojiPassword },
    });
    expect(res.status).toBe(200);
    expect(res.json.user.name).toBe("Ada 👩‍💻");
  });
});

describe("PATCH /api/me", () => {
  let token: string;
  beforeAll(async () => {
    token = (await signup({ email: uniqueEmail(), password, name: "Ada" })).json.accessToken;
  });

  it.each([
    ["a direction isolate", { name: "Ada\u2067" }],
    ["only invisible characters", { name: "\u2060\u3164" }],
    ["81 characters", { name: "x".repeat(81) }],
  ])("answers 400 to %s", async (_label, body) => {
    const res = await stack.request("PATCH", "/api/me", { token, body });
    expect(res.status).toBe(400);
    expect(res.json.error.details.map((d: { path: string }) => d.path)).toEqual(["name"]);
  });

  it("takes 80 emoji as a name of 80 characters", async () => {
    const res = await stack.request("PATCH", "/api/me", { token, body: { name: "🙂".repeat(80) } });
    expect(res.status).toBe(200);
    expect(res.json.name).toBe("🙂".repeat(80));
  });
});
