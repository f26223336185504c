import { describe, expect, it } from "vitest";
import { Cursor, type PageKey } from "../src/cursor";
import { AppError } from "../src/error";

const pk = "$s#ownerId_usr_A";
const sk = "$media_1#takenAt_2026";
const key: PageKey = { pk, sk };
const accept = (k: PageKey) => (k.pk === key.pk ? k : undefined);
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

const refusal = (cursor: string) => {
  try {
    Cursor.decode(cursor, accept);
  } catch (error) {
    return error;
  }
  throw new Error("expected the cursor to be refused");
};

describe("Cursor", () => {
  it("round-trips a key, and is the same whatever the order of its attributes", () => {
    const a = Cursor.encode(key);
    const b = Cursor.encode({ sk, pk });
    expect(a).toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]+$/);
    const decoded = Cursor.decode(a ?? "", accept);
    expect(JSON.parse(Buffer.from(decoded ?? "", "base64url").toString())).toEqual(key);
  });

  it("is null at the end of a list, and nothing when none is given", () => {
    expect(Cursor.encode(null)).toBeNull();
    expect(Cursor.decode(undefined, accept)).toBeUndefined();
    expect(Cursor.decode("", accept)).toBeUndefined();
  });

  it.each([
    ["garbage", "not a cursor!"],
    ["base64 of nothing JSON", Buffer.from("hello").toString("base64url")],
    ["a JSON array", encode([key.pk])],
    ["a JSON string", encode("x")],
    ["an empty object", encode({})],
    ["a number inside", encode({ pk: 1 })],
    ["a nested object", encode({ pk: { S: "x" } })],
    [
      "too many attributes",
      encode(Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, "v"]))),
    ],
    ["another partition's key", encode({ ...key, pk: "$s#ownerId_usr_B" })],
    ["a huge cursor", "A".repeat(5000)],
  ])("refuses %s as invalid_request, not a 500", (_label, cursor) => {
    const error = refusal(cursor);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ kind: "invalid", code: "invalid_request" });
  });

  it("refuses a key that does not rebuild to itself through its index", () => {
    const convert = {
      fromKeys: { toComposite: (k: PageKey) => ({ owner: k.pk?.split("_")[1] }) },
      fromComposite: {
        toKeys: (c: never) => ({ pk: `$s#ownerId_${(c as { owner: string }).owner}` }),
      },
    };
    const check = Cursor.forIndex<{ owner: string }>(convert, (c) => c.owner === "usr");
    expect(check({ pk: "$s#ownerId_usr" })).toEqual({ pk: "$s#ownerId_usr" });
    expect(check({ pk: "$s#ownerId_usr", extra: "x" })).toBeUndefined();
    expect(check({ pk: "$s#ownerId_other" })).toBeUndefined();
  });
});
