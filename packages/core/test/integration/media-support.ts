/**
 * Helpers for media tests in the core tier: uploads created as a user, and the counts a
 * user's items must add up to.
 * @module
 */
import { createHash, randomBytes } from "node:crypto";
import { expect } from "vitest";
import { db } from "../../src/db";
import { createId } from "../../src/id";
import { Media } from "../../src/media";
import { withActor } from "./harness";

/**
 * A user id of its own for one test. Media needs no account item (the actor is enough), and
 * skipping sign-up spares a password hash per test.
 */
export const newOwner = async () => ({ id: createId("usr") });

/** A base64 SHA-256, as a client sends it. */
export const checksumOf = (bytes: Uint8Array) =>
  createHash("sha256").update(bytes).digest("base64");

/** A checksum of random bytes: a file nobody uploaded yet. */
export const freshChecksum = () => checksumOf(randomBytes(16));

/** Starts an upload as `userId`. */
export const upload = (userId: string, input: Partial<Parameters<typeof Media.create>[0]> = {}) =>
  withActor(userId, () =>
    Media.create({ filename: "photo.jpg", contentType: "image/jpeg", size: 1000, ...input }),
  );

/** The user's usage item and month counts, as stored. */
export async function counts(userId: string) {
  const usage = (await db().entities.usage.get({ userId }).go({ consistent: true })).data;
  const months = (await db().entities.monthCount.query.byOwner({ ownerId: userId }).go()).data;
  return {
    bytes: usage?.bytes ?? 0,
    count: usage?.count ?? 0,
    reservedBytes: usage?.reservedBytes ?? 0,
    months: Object.fromEntries(months.filter((m) => m.count).map((m) => [m.month, m.count])),
  };
}

/**
 * Checks that a user's counts are the sums of their items: usage (ready bytes and count,
 * reserved bytes of everything not failed) and month counts (visible items per month).
 */
export async function expectConsistent(userId: string) {
  const items: Media.Item[] = [];
  for (const visibility of ["u", "v"] as const) {
    const { data } = await db()
      .entities.media.query.byOwner({ ownerId: userId, visibility })
      .go({ pages: "all" });
    items.push(...data);
  }
  const ready = items.filter((i) => i.status === "ready");
  const months: Record<string, number> = {};
  for (const item of items.filter((i) => i.visibility === "v")) {
    const month = item.takenAt.slice(0, 7);
    months[month] = (months[month] ?? 0) + 1;
  }
  expect(await counts(userId)).toEqual({
    bytes: ready.reduce((sum, i) => sum + i.size, 0),
    count: ready.length,
    reservedBytes: items.filter((i) => i.status !== "failed").reduce((sum, i) => sum + i.size, 0),
    months,
  });
  return items;
}
