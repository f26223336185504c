/**
 * A setup file of the integration and resilience tests: each file hashes a given password
 * once. They sign up hundreds of accounts with the same few passwords, and each new hash is
 * a memory-hard scrypt (about half a second of a core here): CPU the tests beside them need.
 * The first hash of a password is real (today's parameters, a random salt); later sign-ups
 * with it store that same string. Checking a password still derives the key every time
 * (`kdf.verify`), and `packages/core/test/password.test.ts` tests the hashing itself.
 * @module
 */
import { kdf } from "@sharespace/core/account/password";

const hashOf = new Map<string, Promise<string>>();
const hash = kdf.hash;

kdf.hash = (password) => {
  let stored = hashOf.get(password);
  if (!stored) {
    stored = hash(password);
    hashOf.set(password, stored);
    // A failed hash is not kept: the next sign-up tries again.
    stored.catch(() => hashOf.delete(password));
  }
  return stored;
};
