import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../src/db";
import { limits } from "../../src/limits";
import { Session } from "../../src/session";
import { clock } from "../../src/time";
import { failure, newUser, useCoreTestEnv } from "./harness";

/*
 * A refresh whose rotation was written but whose answer was lost: the client asks again
 * with the same token. Within the grace, while the successor is unused, that is a retry and
 * gets the same successor; otherwise it is a replay and ends the session.
 */

beforeAll(async () => {
  await useCoreTestEnv();
});
const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});

const GRACE_MS = limits.refreshRetrySeconds * 1000;

/** The session's state: `live`, or why it was revoked. */
async function state(userId: string) {
  const { data } = await db().entities.session.query.byUser({ userId }).go();
  return data.map((s) => s.revokedReason ?? "live");
}

/** Freezes core's clock at `at`, so a test can step past the grace. */
const freeze = (at: number) => {
  clock.now = () => at;
};

describe("Session.refresh retried after a lost answer", () => {
  it("gives the same successor to a retry within the grace, and the session lives on", async () => {
    const start = realNow();
    freeze(start);
    const user = await newUser();
    const first = await Session.start(user.id);
    const lost = await Session.refresh(first.refreshToken);
    freeze(start + GRACE_MS - 1000);
    const retried = await Session.refresh(first.refreshToken);
    expect(retried).toEqual(lost);
    // The successor works once, as any token does; nothing was revoked.
    const next = await Session.refresh(retried.refreshToken);
    expect(next.userId).toBe(user.id);
    expect(await state(user.id)).toEqual(["live"]);
  });

  it("ends the whole family when the old token comes back after the grace", async () => {
    const start = realNow();
    freeze(start);
    const user = await newUser();
    const first = await Session.start(user.id);
    const rotated = await Session.refresh(first.refreshToken);
    freeze(start + GRACE_MS);
    expect((await failure(Session.refresh(first.refreshToken))).code).toBe("session_expired");
    expect((await failure(Session.refresh(rotated.refreshToken))).code).toBe("session_expired");
    expect(await state(user.id)).toEqual(["reuse"]);
  });

  it("treats the old token as a replay once its successor was used, even within the grace", async () => {
    const user = await newUser();
    const first = await Session.start(user.id);
    const second = await Session.refresh(first.refreshToken);
    const third = await Session.refresh(second.refreshToken);
    expect((await failure(Session.refresh(first.refreshToken))).code).toBe("session_expired");
    expect((await failure(Session.refresh(third.refreshToken))).code).toBe("session_expired");
    expect(await state(user.id)).toEqual(["reuse"]);
  });

  it("refuses a retry within the grace once the session has ended", async () => {
    const user = await newUser();
    const first = await Session.start(user.id);
    const rotated = await Session.refresh(first.refreshToken);
    await Session.end(rotated.refreshToken);
    expect((await failure(Session.refresh(first.refreshToken))).code).toBe("session_expired");
    expect(await state(user.id)).toEqual(["logout"]);
  });

  it("rotates ten concurrent refreshes of one token once: each gets the same successor", async () => {
    const user = await newUser();
    const { refreshToken } = await Session.start(user.id);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => Session.refresh(refreshToken)),
    );
    expect(new Set(results.map((r) => r.refreshToken)).size).toBe(1);
    expect(results[0]?.refreshToken).not.toBe(refreshToken);
    // One new token in the table, not ten: the family is still a single line.
    const { data: tokens } = await db()
      .entities.refreshToken.scan.where((attr, op) => op.eq(attr.userId, user.id))
      .go({ pages: "all" });
    expect(tokens).toHaveLength(2);
    expect((await Session.refresh(results[0]?.refreshToken)).userId).toBe(user.id);
    expect(await state(user.id)).toEqual(["live"]);
  });

  it("keeps no token the table could give away: only hashes, and the salt", async () => {
    const user = await newUser();
    const first = await Session.start(user.id);
    const rotated = await Session.refresh(first.refreshToken);
    const { data: tokens } = await db()
      .entities.refreshToken.scan.where((attr, op) => op.eq(attr.userId, user.id))
      .go({ pages: "all" });
    const stored = JSON.stringify(tokens);
    expect(stored).not.toContain(first.refreshToken);
    expect(stored).not.toContain(rotated.refreshToken);
    expect(tokens.find((t) => t.usedAt)?.successorSalt).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
