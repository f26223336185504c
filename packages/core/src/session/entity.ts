import { Entity } from "electrodb";
import { table } from "../table";

/**
 * One refresh token, keyed by the SHA-256 of the token (the token itself is never
 * stored). `usedAt` is set when it is traded for a new one: a second use is a replay.
 */
export const RefreshTokenEntity = new Entity({
  model: { entity: "refresh_token", version: "1", service: "sharespace" },
  attributes: {
    tokenHash: { type: "string", required: true, readOnly: true },
    sessionId: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    createdAt: { type: "string", required: true, readOnly: true },
    usedAt: { type: "string" },
    [table.ttl]: { type: "number", required: true },
  },
  indexes: {
    byHash: { pk: { field: "pk", composite: ["tokenHash"] }, sk: { field: "sk", composite: [] } },
  },
});

/**
 * A session: the family of refresh tokens descended from one sign-in. Revoking it ends
 * every token of the family, the newest included.
 */
export const SessionEntity = new Entity({
  model: { entity: "session", version: "1", service: "sharespace" },
  attributes: {
    sessionId: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    createdAt: { type: "string", required: true, readOnly: true },
    revokedAt: { type: "string" },
    revokedReason: { type: ["logout", "reuse"] as const },
    [table.ttl]: { type: "number", required: true },
  },
  indexes: {
    byId: { pk: { field: "pk", composite: ["sessionId"] }, sk: { field: "sk", composite: [] } },
  },
});
