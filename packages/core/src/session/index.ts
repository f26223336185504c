import { createHash, createHmac, randomBytes } from "node:crypto";
import { db, isConditionFailure } from "../db";
import { unauthorized } from "../error";
import { createId } from "../id";
import { limits } from "../limits";
import { clock, isoNow, nowSeconds } from "../time";

const hash = (token: string) => createHash("sha256").update(token).digest("base64url");
/** 256 bits from the CSPRNG. */
const newToken = () => randomBytes(32).toString("base64url");
/**
 * The token that replaces `token`: keyed with the token itself, so only its holder (never a
 * reader of the table, which keeps hashes and the salt) can derive it again on a retry.
 */
const successorOf = (token: string, salt: string) =>
  createHmac("sha256", token).update(salt).digest("base64url");
const expired = () => unauthorized("session_expired", "Your session has ended. Sign in again.");

/**
 * Sessions: rotating refresh tokens, grouped in families so a replay ends the whole session,
 * with a short grace for a client retrying a refresh whose answer it lost (`refresh`).
 */
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
   * (someone holds a stolen copy): the whole session is revoked and both copies fail. One
   * exception, the retry: the same token again within `limits.refreshRetrySeconds`, while
   * its successor is still unused, is the client asking again for an answer it never got
   * (a timeout after the write landed, a dropped connection, two tabs at once). It gets the
   * same successor back, not a new one, so the family stays a single line and a stolen copy
   * is still caught at the next rotation (as Supabase Auth's reuse interval does; Cognito
   * and Okta allow such a grace too). A retry after the successor was used is a replay.
   */
  export async function refresh(refreshToken: string | undefined): Promise<Issued> {
    if (!refreshToken) throw unauthorized("unauthorized", "Sign in to continue.");
    const current = await readToken(refreshToken);
    if (!current || current.expiresAt <= nowSeconds()) throw expired();
    if (current.usedAt) return retry(refreshToken, current);
    const salt = newToken();
    const next = successorOf(refreshToken, salt);
    // One transaction: the old token is marked used only if nobody did it first, the
    // session must still exist and not be revoked (and lives on for another 30 days, as
    // the new token does), and the new token is written.
    const result = await db()
      .transaction.write(({ session, refreshToken: tokens }) => [
        tokens
          .patch({ tokenHash: current.tokenHash })
          .set({ usedAt: isoNow(), successorSalt: salt })
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
      // Used first by a concurrent request with the same token, or by this very request
      // (the SDK retried a write whose answer timed out): a retry. Else a revoked session.
      const used = await readToken(refreshToken);
      if (used?.usedAt) return retry(refreshToken, used);
      await revoke(current.sessionId, "reuse");
      throw expired();
    }
    return { userId: current.userId, refreshToken: next, maxAge: limits.refreshTokenSeconds };
  }

  type TokenItem = NonNullable<Awaited<ReturnType<typeof readToken>>>;

  /** The stored token, read strongly so a write that just landed is seen. */
  async function readToken(token: string) {
    const { data } = await db()
      .entities.refreshToken.get({ tokenHash: hash(token) })
      .go({ consistent: true });
    return data;
  }

  /** A used token presented again: the same successor for a retry, else the session ends. */
  async function retry(refreshToken: string, used: TokenItem): Promise<Issued> {
    const usedAt = Date.parse(used.usedAt ?? "");
    if (used.successorSalt && clock.now() < usedAt + limits.refreshRetrySeconds * 1000) {
      const next = successorOf(refreshToken, used.successorSalt);
      const [successor, { data: session }] = await Promise.all([
        readToken(next),
        db().entities.session.get({ sessionId: used.sessionId }).go({ consistent: true }),
      ]);
      if (successor && !successor.usedAt && session && !session.revokedAt) {
        return { userId: used.userId, refreshToken: next, maxAge: limits.refreshTokenSeconds };
      }
    }
    await revoke(used.sessionId, "reuse");
    throw expired();
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
