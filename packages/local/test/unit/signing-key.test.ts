import { createPrivateKey } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadOrCreateSigningKey } from "../../src/signing-key";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sharespace-key-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("loadOrCreateSigningKey", () => {
  it("makes an RSA 2048 key once, readable by its owner only, and keeps it", async () => {
    const file = join(dir, "signing-key.pem");
    const first = await loadOrCreateSigningKey(file);
    const key = createPrivateKey(first);
    expect(key.asymmetricKeyType).toBe("rsa");
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(first).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateSigningKey(file)).toBe(first);
    expect(await readFile(file, "utf8")).toBe(first);
  });

  it("refuses a file that holds no RSA key, saying how to recover", async () => {
    const file = join(dir, "broken.pem");
    await writeFile(file, "-----BEGIN PRIVATE KEY-----\nnope\n");
    await expect(loadOrCreateSigningKey(file)).rejects.toMatchObject({
      code: "data_corrupt",
      hint: expect.stringMatching(/delete it/),
    });
  });
});
