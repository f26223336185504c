import { toJsonSchema } from "@valibot/to-json-schema";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  characterCount,
  DisplayName,
  ForgotPasswordBody,
  LoginBody,
  Me,
  Password,
  ResetPasswordBody,
  SignupBody,
  User,
  VerifyEmailBody,
} from "../src/schema";

/** The messages of every problem with `input`, or [] when it is valid. */
const problems = (schema: v.GenericSchema, input: unknown) => {
  const result = v.safeParse(schema, input);
  return result.success ? [] : result.issues.map((issue) => issue.message);
};

const emoji = "😀"; // one character, two UTF-16 units
const account = { email: "ada@example.com", name: "Ada" };

describe("characterCount", () => {
  it.each([
    ["", 0],
    ["Ada", 3],
    [emoji, 1],
    ["👩‍💻", 3], // woman, zero-width joiner, laptop: three code points
    ["e\u0301", 2], // e + combining acute accent
  ])("counts %j as %i characters", (text, count) => {
    expect(characterCount(text)).toBe(count);
  });
});

describe("display names", () => {
  it.each([
    ["a plain name", "Ada Lovelace"],
    ["letters from other scripts", "José Ñúñez 山田 太郎"],
    ["right-to-left letters without direction controls", "فاطمة الزهراء"],
    ["an emoji built with zero-width joiners", "Ada 👩‍💻"],
    ["a Persian name with a zero-width non-joiner", "می‌خواهم"],
    ["80 emoji (160 UTF-16 units)", emoji.repeat(80)],
  ])("accepts %s", (_, name) => {
    expect(problems(DisplayName, name)).toEqual([]);
  });

  it("trims surrounding white space", () => {
    expect(v.parse(DisplayName, "  Ada \n")).toBe("Ada");
  });

  it.each([
    ["an empty name", "   ", "Enter your name."],
    ["81 characters", "x".repeat(81), "Name must be at most 80 characters."],
    ["81 emoji", emoji.repeat(81), "Name must be at most 80 characters."],
    [
      "a newline inside",
      "Ada\nLovelace",
      "Name can't contain line breaks, tabs or other control characters.",
    ],
    [
      "a tab inside",
      "Ada\tLovelace",
      "Name can't contain line breaks, tabs or other control characters.",
    ],
    [
      "an escape character",
      "Ada\u001b[31m",
      "Name can't contain line breaks, tabs or other control characters.",
    ],
    [
      "a C1 control",
      "Ada\u0085",
      "Name can't contain line breaks, tabs or other control characters.",
    ],
    [
      "a line separator",
      "Ada\u2028Eve",
      "Name can't contain line breaks, tabs or other control characters.",
    ],
    [
      "a right-to-left override",
      "Eve\u202Egnp.exe",
      "Name can't contain characters that change the direction of text.",
    ],
    [
      "a left-to-right embedding",
      "\u202AAda",
      "Name can't contain characters that change the direction of text.",
    ],
    [
      "a first-strong isolate",
      "Ada\u2068",
      "Name can't contain characters that change the direction of text.",
    ],
    [
      "a pop directional isolate",
      "Ada\u2069",
      "Name can't contain characters that change the direction of text.",
    ],
    [
      "a left-to-right mark",
      "Ada\u200E",
      "Name can't contain characters that change the direction of text.",
    ],
    [
      "a right-to-left mark",
      "\u200FAda",
      "Name can't contain characters that change the direction of text.",
    ],
    [
      "an Arabic letter mark",
      "Ada\u061C",
      "Name can't contain characters that change the direction of text.",
    ],
    ["only zero-width spaces", "\u200B\u200B", "Name needs at least one visible character."],
    ["only joiners", "\u200D\u200C\u2060", "Name needs at least one visible character."],
    ["only a byte order mark inside spaces", "\u00A0\uFEFF\u3000", "Enter your name."],
    ["only Hangul fillers", "\u3164\u115F", "Name needs at least one visible character."],
    ["only a blank braille pattern", "\u2800", "Name needs at least one visible character."],
    [
      "only a soft hyphen and a variation selector",
      "\u00AD\uFE0F",
      "Name needs at least one visible character.",
    ],
    ["a lone surrogate half", "Ada\uD800", "Name contains a character that isn't valid text."],
  ])("refuses %s with a clear message", (_, name, message) => {
    expect(problems(DisplayName, name)).toEqual([message]);
  });
});

describe("passwords", () => {
  it.each([
    ["8 characters", "abcdefg1"],
    ["128 characters", "ab".repeat(64)],
    ["128 emoji (256 UTF-16 units)", `${emoji}🙂`.repeat(64)],
    ["8 emoji", `${emoji}🙂`.repeat(4)],
    ["spaces inside", "correct horse battery"],
  ])("accepts %s", (_, password) => {
    expect(problems(Password, password)).toEqual([]);
  });

  it.each([
    ["7 characters", "abcdef1", "Password must be at least 8 characters."],
    ["4 emoji (8 UTF-16 units)", `${emoji}🙂`.repeat(2), "Password must be at least 8 characters."],
    ["129 characters", `${"ab".repeat(64)}c`, "Password must be at most 128 characters."],
    ["129 emoji", `${`${emoji}🙂`.repeat(64)}🙃`, "Password must be at most 128 characters."],
    [
      "one letter repeated",
      "aaaaaaaaaa",
      "Password can't be one character repeated. Try a few words instead.",
    ],
    [
      "one emoji repeated",
      emoji.repeat(12),
      "Password can't be one character repeated. Try a few words instead.",
    ],
    [
      "only spaces",
      " ".repeat(10),
      "Password can't be one character repeated. Try a few words instead.",
    ],
    [
      "a lone surrogate half",
      "abcdefgh\uDC00",
      "Password contains a character that isn't valid text.",
    ],
  ])("refuses %s", (_, password, message) => {
    expect(problems(Password, password)).toEqual([message]);
  });

  it("lets sign-in take any password sign-up could have set, emoji included", () => {
    const password = `${emoji}🙂`.repeat(64);
    expect(problems(LoginBody, { email: account.email, password })).toEqual([]);
    expect(problems(LoginBody, { email: account.email, password: `${password}🙃` })).toEqual([
      "Password must be at most 128 characters.",
    ]);
  });
});

describe("SignupBody", () => {
  it.each([
    ["the email itself", "ada@example.com"],
    ["the email in another case", "Ada@Example.COM"],
    ["the email with spaces around", " ada@example.com "],
  ])("refuses a password that is %s, at the password field", (_, password) => {
    const result = v.safeParse(SignupBody, { ...account, email: " ADA@example.com", password });
    expect(result.success).toBe(false);
    expect(result.issues?.map((issue) => [v.getDotPath(issue), issue.message])).toEqual([
      ["password", "Password can't be your email address."],
    ]);
  });

  it("accepts a password that only contains the email", () => {
    expect(problems(SignupBody, { ...account, password: "ada@example.com is me" })).toEqual([]);
  });

  it("applies the repeated-character rule", () => {
    expect(problems(SignupBody, { ...account, password: "zzzzzzzzz" })).toEqual([
      "Password can't be one character repeated. Try a few words instead.",
    ]);
  });
});

describe("the verification and reset bodies", () => {
  const token = "Qm9vdHN0cmFwLXRva2VuLWZvci10ZXN0cy0xMjM0NTY";

  it("take a URL-safe token, and refuse anything else in its place", () => {
    expect(v.parse(VerifyEmailBody, { token })).toEqual({ token });
    for (const bad of ["", "has space", "a/b", "x".repeat(513), 42, null]) {
      expect(problems(VerifyEmailBody, { token: bad })).not.toEqual([]);
    }
    expect(problems(VerifyEmailBody, { token, extra: 1 })).not.toEqual([]);
  });

  it("normalise the email of a forgotten password as sign-in does", () => {
    expect(v.parse(ForgotPasswordBody, { email: " Ada@Example.com" })).toEqual({
      email: "ada@example.com",
    });
    expect(problems(ForgotPasswordBody, { email: "ada" })).toEqual([
      "Enter a valid email address.",
    ]);
  });

  it("hold a new password to the sign-up rules", () => {
    expect(problems(ResetPasswordBody, { token, password: "long enough" })).toEqual([]);
    expect(problems(ResetPasswordBody, { token, password: "1111111111" })).toEqual([
      "Password can't be one character repeated. Try a few words instead.",
    ]);
    expect(problems(ResetPasswordBody, { token, password: "short" })).toEqual([
      "Password must be at least 8 characters.",
    ]);
    expect(problems(ResetPasswordBody, { password: "long enough" })).not.toEqual([]);
  });
});

describe("User", () => {
  const user = {
    id: "usr_1",
    email: "ada@example.com",
    name: "Ada",
    createdAt: "2026-11-25T10:00:00.000Z",
  };

  it("says whether the email is verified, in the user and in /api/me", () => {
    expect(v.parse(User, { ...user, emailVerified: true }).emailVerified).toBe(true);
    expect(problems(User, user)).not.toEqual([]);
    const me = {
      ...user,
      emailVerified: false,
      usage: { bytes: 0, count: 0 },
      quota: { bytes: 1 },
    };
    expect(v.parse(Me, me).emailVerified).toBe(false);
  });
});

describe("the OpenAPI view of the rules", () => {
  it("documents lengths in characters, as JSON Schema counts them", () => {
    const schema = toJsonSchema(SignupBody, { errorMode: "ignore" }) as {
      properties: Record<string, { minLength?: number; maxLength?: number }>;
    };
    expect(schema.properties.password).toMatchObject({ minLength: 8, maxLength: 128 });
    expect(schema.properties.name).toMatchObject({ minLength: 1, maxLength: 80 });
  });
});
