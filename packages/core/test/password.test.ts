import { describe, expect, it } from "vitest";
import {
  currentParams,
  dummyHash,
  hashPassword,
  isCommonPassword,
  needsRehash,
  verifyPassword,
} from "../src/account/password";

// Each hash or check costs about a second of CPU on purpose (the KDF), more on a busy machine.
describe("password hashing", { timeout: 30_000 }, () => {
  it("verifies the right password and rejects a wrong one", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse batterY", stored)).toBe(false);
  });

  it("records its parameters with each hash and salts every hash", async () => {
    const [a, b] = await Promise.all([hashPassword("same"), hashPassword("same")]);
    expect(a).toMatch(
      new RegExp(`^scrypt\\$N=${currentParams.N},r=${currentParams.r},p=${currentParams.p}\\$`),
    );
    expect(a).not.toBe(b);
  });

  it("still verifies hashes made with older, weaker parameters, and asks for a rehash", async () => {
    const old = await hashPassword("legacy password", { N: 2 ** 12, r: 8, p: 1, keylen: 32 });
    expect(await verifyPassword("legacy password", old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword("x"))).toBe(false);
  });

  it("has a dummy hash of today's parameters that no password matches", async () => {
    expect(
      dummyHash.startsWith(
        `scrypt$N=${currentParams.N},r=${currentParams.r},p=${currentParams.p}$`,
      ),
    ).toBe(true);
    expect(needsRehash(dummyHash)).toBe(false);
    expect(await verifyPassword("", dummyHash)).toBe(false);
  });

  it.each(["", "plain", "scrypt$N=1$abc", "bcrypt$x$y$z"])(
    "rejects a malformed stored hash %j",
    async (stored) => {
      expect(await verifyPassword("anything", stored)).toBe(false);
    },
  );

  it("treats the same text in another Unicode form as the same password", async () => {
    const stored = await hashPassword("caf\u00e9 au lait");
    expect(await verifyPassword("cafe\u0301 au lait", stored)).toBe(true);
  });

  it.each([
    ["password", true],
    ["PassWord1", true],
    ["12345678", true],
    ["violet-harbour-42", false],
  ])("knows whether %j is a common password", (password, common) => {
    expect(isCommonPassword(password)).toBe(common);
  });
});
