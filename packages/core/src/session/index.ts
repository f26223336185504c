import { createHash, randomBytes } from "node:crypto";
import { db, isConditionFailure } from "../db";
import { unauthorized } from "../error";
import { createId } from "../id";
import { limits } from "../limits";
import { clock, isoNow, nowSeconds } from "../time";

const hash = (token: string) => createHash("sha256").update(token).digest("base64url");
/** 256 bits from the CSPRNG. */
const newToken = () => randomBytes(32).toString("base64url");
const expired = () => unauthorized("session_expired", "Your session has ended. Sign in again.");

/** Sessions: rotating refresh tokens, grouped in families so a replay ends the whole session. */
export namespace Session {
  export interface Issued {
    userId: string;
    refreshToken: string;
    /** Seconds the refresh token lives (the cookie's Max-Age). */
    maxAge: number;
  }

  const tokenItem = (token: string, sessionId: string, userId: string) => ({
    tokenHash: hash(token),
    sessionId,
    userId,
    createdAt: isoNow(),
    expiresAt: nowSeconds() + limits.refreshTokenSeconds,
  });

  /** Starts a session after sign-up or sign-in. */
  export async function start(userId: string): Promise<Issued> {
    const sessionId = createId("ses");
    const refreshToken = newToken();
    await db()
      .transaction.write(({ session, refreshToken: tokens }) => [
        session
          .create({
            sessionId,
            userId,
            createdAt: isoNow(),
            expiresAt: nowSeconds() + limits.refreshTokenSeconds,
          })
          .commit(),
        tokens.create(tokenItem(refreshToken, sessionId, userId)).commit(),
      ])
      .go();
    return { userId, refreshToken, maxAge: limits.refreshTokenSeconds };
  }

  /**
   * Trades a refresh token for a new one. A token that was already traded is a replay
   * (someone holds a stolen copy): the whole session is revoked and both copies fail.
   */
  export async function refresh(refreshToken: string | undefined): Promise<Issued> {
    if (!refreshToken) throw unauthorized("unauthorized", "Sign in to continue.");
    const { data: current } = await db()
      .entities.refreshToken.get({ tokenHash: hash(refreshToken) })
      .go();
    if (!current || current.expiresAt <= nowSeconds()) throw expired();
    if (current.usedAt) {
      await revoke(current.sessionId, "reuse");
      throw expired();
    }
    const next = newToken();
    // One transaction: the old token is marked used only if nobody did it first, the
    // session must still exist and not be revoked (and lives on for another 30 days, as
    // the new token does), and the new token is written.
    const result = await db()
      .transaction.write(({ session, refreshToken: tokens }) => [
        tokens
          .patch({ tokenHash: current.tokenHash })
          .set({ usedAt: isoNow() })
          .where((attr, op) => op.notExists(attr.usedAt))
          .commit(),
        session
          .patch({ sessionId: current.sessionId })
          .set({ expiresAt: nowSeconds() + limits.refreshTokenSeconds })
          .where((attr, op) => op.notExists(attr.revokedAt))
          .commit(),
        tokens.create(tokenItem(next, current.sessionId, current.userId)).commit(),
      ])
      .go();
    if (result.canceled) {
      // Either a concurrent use of the same token (a replay) or a revoked session.
      await revoke(current.sessionId, "reuse");
      throw expired();
    }
    return { userId: current.userId, refreshToken: next, maxAge: limits.refreshTokenSeconds };
  }

  /** Ends the session that a refresh token belongs to. Unknown tokens are ignored. */
  export async function end(refreshToken: string | undefined) {
    if (!refreshToken) return;
    const { data } = await db()
      .entities.refreshToken.get({ tokenHash: hash(refreshToken) })
      .go();
    if (data) await revoke(data.sessionId, "logout");
  }

  /**
   * Ends every session of a user (a password reset; account deletion): each one's refresh
   * tokens stop working at once. Sessions are found on `byUser` (gsi1), the user's own
   * partition of the index, page by page. Access tokens already issued live on until they
   * expire (15 minutes at most). Returns how many sessions it ended.
   */
  export async function revokeAll(userId: string): Promise<number> {
    let ended = 0;
    let cursor: string | null = null;
    do {
      const page: { data: { sessionId: string; revokedAt?: string }[]; cursor: string | null } =
        await db().entities.session.query.byUser({ userId }).go({ cursor, limit: 100 });
      const live = page.data.filter((session) => !session.revokedAt);
      await Promise.all(live.map((session) => revoke(session.sessionId, "all")));
      ended += live.length;
      cursor = page.cursor;
    } while (cursor);
    return ended;
  }

  async function revoke(sessionId: string, reason: "logout" | "reuse" | "all") {
    await db()
      .entities.session.patch({ sessionId })
      .set({ revokedAt: new Date(clock.now()).toISOString(), revokedReason: reason })
      .where((attr, op) => op.notExists(attr.revokedAt))
      .go()
      .catch((error: unknown) => {
        // Already revoked (or gone): nothing left to do.
        if (!isConditionFailure(error)) throw error;
      });
  }
}
