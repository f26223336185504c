/**
 * The RS256 key the Auth function signs tokens with. Deployed stages get theirs from the
 * infrastructure; the local stack makes one on first start and keeps it in `DATA_DIR`, so a
 * restart keeps everyone signed in. Tests keep theirs in memory.
 * @module
 */
import { createPrivateKey, generateKeyPair } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { LocalStackError } from "./errors";

const generate = promisify(generateKeyPair);

/** A new RSA 2048 private key as PKCS#8 PEM. */
export async function generateSigningKey(): Promise<string> {
  const { privateKey } = await generate("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return privateKey;
}

/**
 * The key kept in `file`, made (readable by the owner only) if there is none.
 * @throws LocalStackError `data_corrupt` when the file holds no RSA private key,
 * `data_dir_unusable` when it cannot be read or written.
 */
export async function loadOrCreateSigningKey(file: string): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw unusable(file, error);
    pem = await generateSigningKey();
    try {
      await writeFile(file, pem, { mode: 0o600, flag: "wx" });
    } catch (writeError) {
      // Another start made one in the meantime: use that one.
      if ((writeError as NodeJS.ErrnoException).code === "EEXIST")
        return loadOrCreateSigningKey(file);
      throw unusable(file, writeError);
    }
  }
  try {
    if (createPrivateKey(pem).asymmetricKeyType === "rsa") return pem;
  } catch {
    // Reported below, like a key of the wrong type.
  }
  throw new LocalStackError("data_corrupt", `${file} is not an RSA private key`, {
    hint: "delete it and a new one is made (everyone signed in gets signed out)",
  });
}

function unusable(file: string, error: unknown): LocalStackError {
  const code = (error as NodeJS.ErrnoException).code ?? "error";
  return new LocalStackError("data_dir_unusable", `${file} cannot be used (${code})`, {
    cause: error,
  });
}
