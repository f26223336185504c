import { Entity } from "electrodb";
import { expires, globalIndex, model, primaryIndex } from "../entity";

/**
 * One refresh token, keyed by the SHA-256 of the token (the token itself is never
 * stored). `usedAt` is set when it is traded for a new one: a second use is a replay,
 * unless it is a retry within `limits.refreshRetrySeconds` (see `Session.refresh`).
 */
export const RefreshTokenEntity = new Entity({
  model: model("refresh_token"),
  attributes: {
    tokenHash: { type: "string", required: true, readOnly: true },
    sessionId: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    createdAt: { type: "string", required: true, readOnly: true },
    usedAt: { type: "string" },
    /**
     * Set with `usedAt`: random bytes that, keyed with the token itself, derive the token that
     * replaced it. Only a holder of this token can derive its successor again (the table keeps
     * neither), which a retry whose answer was lost needs.
     */
    successorSalt: { type: "string" },
    ...expires,
  },
  indexes: { byHash: primaryIndex(["tokenHash"]) },
});

/**
 * A session: the family of refresh tokens descended from one sign-in. Revoking it ends
 * every token of the family, the newest included. A user's sessions are one Query on
 * `byUser` (what ending every session of an account needs).
 */
export const SessionEntity = new Entity({
  model: model("session"),
  attributes: {
    sessionId: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    createdAt: { type: "string", required: true, readOnly: true },
    revokedAt: { type: "string" },
    /** `all`: every session of the user ended at once (a password reset, account deletion). */
    revokedReason: { type: ["logout", "reuse", "all"] as const },
    ...expires,
  },
  indexes: {
    byId: primaryIndex(["sessionId"]),
    byUser: globalIndex("gsi1", ["userId"], ["createdAt", "sessionId"]),
  },
});
