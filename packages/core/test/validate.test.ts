import { describe, expect, it } from "vitest";
import { AppError } from "../src/error";
import { LoginBody, SignupBody } from "../src/schema/account";
import { parse } from "../src/validate";

const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as AppError;
  }
  throw new Error("expected a validation failure");
};

describe("parse", () => {
  it("normalises emails (trim, lower-case) and trims names", () => {
    expect(
      parse(SignupBody, { email: "  Ada@Example.COM ", password: "long enough", name: " Ada " }),
    ).toEqual({ email: "ada@example.com", password: "long enough", name: "Ada" });
  });

  it.each([
    [{ email: "nope", password: "long enough", name: "Ada" }, "email"],
    [{ email: "a@b.co", password: "short", name: "Ada" }, "password"],
    [{ email: "a@b.co", password: "x".repeat(129), name: "Ada" }, "password"],
    [{ email: "a@b.co", password: "long enough", name: "   " }, "name"],
    [{ email: "a@b.co", password: "long enough", name: "x".repeat(81) }, "name"],
    [{ email: "a@b.co", password: 12345678, name: "Ada" }, "password"],
    [{ email: "a@b.co", password: "long enough", name: "Ada", admin: true }, "admin"],
  ])("rejects %j at the field %s", (input, path) => {
    const error = failure(() => parse(SignupBody, input));
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("invalid_request");
    expect(error.extra.details?.map((d) => d.path)).toContain(path);
  });

  it.each([[null], [undefined], ["text"], [42]])(
    "rejects a body that is not an object: %j",
    (input) => {
      const error = failure(() => parse(LoginBody, input));
      expect(error.kind).toBe("invalid");
      expect(error.extra.details).toEqual([{ path: "", message: "Send a JSON object." }]);
    },
  );

  it("rejects an array body (valibot reads it as an object missing every field)", () => {
    expect(failure(() => parse(LoginBody, [])).kind).toBe("invalid");
  });

  it("says which fields are missing and which are not allowed, in words for people", () => {
    const error = failure(() => parse(LoginBody, { password: "x", admin: true }));
    expect(error.extra.details).toEqual([
      { path: "email", message: "This field is required." },
      { path: "admin", message: "This field is not allowed." },
    ]);
  });
});
