import { beforeAll, describe, expect, it } from "vitest";
import { Account } from "../../src/account";
import { Actor } from "../../src/actor";
import { db } from "../../src/db";
import type { AppError } from "../../src/error";
import { limits } from "../../src/limits";
import { Session } from "../../src/session";
import { clock } from "../../src/time";
import { asPublic, failure, newUser, useCoreTestEnv, withActor } from "./harness";

beforeAll(async () => {
  await useCoreTestEnv();
});

describe("Account", () => {
  it("creates an account, keeps no password in what it returns, and finds it by id", async () => {
    const user = await newUser("Ada");
    expect(user).toMatchObject({ id: expect.stringMatching(/^usr_/), name: "Ada" });
    expect(Object.keys(await Account.get(user.id)).sort()).toEqual(
      ["createdAt", "email", "emailVerified", "id", "name"].sort(),
    );
    const { data } = await db().entities.user.get({ userId: user.id }).go();
    expect(data?.passwordHash).toMatch(/^scrypt\$/);
  });

  it("refuses a second account for an email, as email_taken", async () => {
    const user = await newUser();
    const error = await failure(
      Account.create({ email: user.email, password: "another-long-one", name: "Eve" }),
    );
    expect(error.code).toBe("email_taken");
  });

  it("lets exactly one of three racing sign-ups for one email win", async () => {
    const email = `race.${Date.now()}@example.com`;
    const results = await Promise.allSettled(
      Array.from({ length: 3 }, () =>
        Account.create({ email, password: "violet-harbour-42", name: "Racer" }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected") expect((r.reason as AppError).code).toBe("email_taken");
    }
  });

  it("refuses a common password, naming the field", async () => {
    const error = await failure(
      Account.create({
        email: `common.${Date.now()}@example.com`,
        password: "Password123",
        name: "X",
      }),
    );
    expect(error.extra.details?.map((d) => d.path)).toEqual(["password"]);
  });

  it("authenticates the right password and refuses a wrong one the same way as an unknown email", async () => {
    const user = await newUser();
    const signedIn = await Account.authenticate({ email: user.email, password: user.password });
    expect(signedIn.id).toBe(user.id);
    const wrong = await failure(Account.authenticate({ email: user.email, password: "nope-nope" }));
    const unknown = await failure(
      Account.authenticate({ email: `ghost.${Date.now()}@example.com`, password: "nope-nope" }),
    );
    expect([wrong.code, wrong.message]).toEqual([unknown.code, unknown.message]);
    expect(wrong.code).toBe("invalid_credentials");
  });

  it("renames only the account it is told to", async () => {
    const [ada, bob] = await Promise.all([newUser("Ada"), newUser("Bob")]);
    expect((await Account.update(bob.id, { name: "Robert" })).name).toBe("Robert");
    expect((await Account.get(ada.id)).name).toBe("Ada");
  });

  it("answers user_not_found for an account that does not exist", async () => {
    expect((await failure(Account.get("usr_00000000000000000000000000"))).code).toBe(
      "user_not_found",
    );
    expect(
      (await failure(Account.update("usr_00000000000000000000000000", { name: "X" }))).code,
    ).toBe("user_not_found");
  });
});

describe("the actor", () => {
  it("is the user withActor names, and nobody outside it", async () => {
    const user = await newUser();
    expect(await withActor(user.id, async () => Actor.userId())).toBe(user.id);
    expect((await failure(asPublic(async () => Actor.userId()))).code).toBe("unauthorized");
  });

  it("keeps concurrent actors apart", async () => {
    const [a, b] = await Promise.all([newUser(), newUser()]);
    const seen = await Promise.all(
      [a, b, a, b].map((u) =>
        withActor(u.id, async () => {
          await new Promise((resolve) => setImmediate(resolve));
          return Actor.userId();
        }),
      ),
    );
    expect(seen).toEqual([a.id, b.id, a.id, b.id]);
  });
});

describe("Session", () => {
  it("rotates: each refresh token works once, for the same user", async () => {
    const user = await newUser();
    const first = await Session.start(user.id);
    const second = await Session.refresh(first.refreshToken);
    expect(second.userId).toBe(user.id);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await Session.refresh(second.refreshToken)).userId).toBe(user.id);
  });

  it("ends the whole family on a replay, and only that family", async () => {
    const realNow = clock.now;
    const user = await newUser();
    const [stolen, other] = await Promise.all([Session.start(user.id), Session.start(user.id)]);
    const rotated = await Session.refresh(stolen.refreshToken);
    // Past the grace a retry gets (session-retry.test.ts): a replay.
    const later = realNow() + limits.refreshRetrySeconds * 1000;
    clock.now = () => later;
    try {
      expect((await failure(Session.refresh(stolen.refreshToken))).code).toBe("session_expired");
    } finally {
      clock.now = realNow;
    }
    expect((await failure(Session.refresh(rotated.refreshToken))).code).toBe("session_expired");
    expect((await Session.refresh(other.refreshToken)).userId).toBe(user.id);
    const { data } = await db().entities.session.query.byUser({ userId: user.id }).go();
    expect(data.map((s) => s.revokedReason ?? "live").sort()).toEqual(["live", "reuse"]);
  });

  it("expires 30 days after the last refresh, by core's clock", async () => {
    const realNow = clock.now;
    try {
      const user = await newUser();
      const start = realNow();
      const day = 24 * 60 * 60 * 1000;
      clock.now = () => start;
      const first = await Session.start(user.id);
      clock.now = () => start + 29 * day;
      const second = await Session.refresh(first.refreshToken);
      clock.now = () => start + 29 * day + 30 * day - 1000;
      const third = await Session.refresh(second.refreshToken);
      clock.now = () => start + 29 * day + 60 * day;
      expect((await failure(Session.refresh(third.refreshToken))).code).toBe("session_expired");
    } finally {
      clock.now = realNow;
    }
  });

  it("revokeAll ends every session of one user, found on gsi1, and no one else's", async () => {
    const [user, other] = await Promise.all([newUser(), newUser()]);
    const sessions = await Promise.all(Array.from({ length: 3 }, () => Session.start(user.id)));
    const rotated = await Session.refresh(sessions[0]?.refreshToken);
    const theirs = await Session.start(other.id);
    expect(await Session.revokeAll(user.id)).toBe(3);
    for (const token of [rotated.refreshToken, ...sessions.slice(1).map((s) => s.refreshToken)]) {
      expect((await failure(Session.refresh(token))).code).toBe("session_expired");
    }
    expect((await Session.refresh(theirs.refreshToken)).userId).toBe(other.id);
    // Nothing left to end.
    expect(await Session.revokeAll(user.id)).toBe(0);
  });

  it("ends on logout; an unknown or missing token is ignored", async () => {
    const user = await newUser();
    const { refreshToken } = await Session.start(user.id);
    await Session.end(refreshToken);
    await Session.end(refreshToken);
    await Session.end("not-a-token");
    await Session.end(undefined);
    expect((await failure(Session.refresh(refreshToken))).code).toBe("session_expired");
  });
});
