import { Entity } from "electrodb";
import { expires, globalIndex, model, primaryIndex } from "../entity";

/** A person with an account. */
export const UserEntity = new Entity({
  model: model("user"),
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    email: { type: "string", required: true },
    name: { type: "string", required: true },
    passwordHash: { type: "string", required: true },
    /** When the owner opened a verification link (or a reset link: it reached them too). */
    emailVerifiedAt: { type: "string" },
    /** The last password reset: reset links issued before it no longer work. */
    passwordChangedAt: { type: "string" },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: { byId: primaryIndex(["userId"]) },
});

/**
 * One item per email address, written in the same transaction as the user with a
 * condition that it does not exist yet: that condition is what makes emails unique.
 */
export const EmailEntity = new Entity({
  model: model("email"),
  attributes: {
    email: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true },
  },
  indexes: { byEmail: primaryIndex(["email"]) },
});

/**
 * A link sent by email (verify the address, reset the password), keyed by the SHA-256 of its
 * token: the token itself is never stored. Using it deletes it, with a condition on its
 * purpose and expiry, so it works once; TTL removes the ones never used.
 */
export const EmailTokenEntity = new Entity({
  model: model("email_token"),
  attributes: {
    tokenHash: { type: "string", required: true, readOnly: true },
    purpose: { type: ["verify", "reset"] as const, required: true, readOnly: true },
    userId: { type: "string", required: true, readOnly: true },
    /** The address the link was sent to: verifying proves this one. */
    email: { type: "string", required: true, readOnly: true },
    createdAt: { type: "string", required: true, readOnly: true },
    ...expires,
  },
  indexes: {
    byHash: primaryIndex(["tokenHash"]),
    // Deleting an account removes its links still unused (they carry its email).
    byUser: globalIndex("gsi1", ["userId"], ["createdAt"]),
  },
});
