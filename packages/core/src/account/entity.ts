import { Entity } from "electrodb";
import { model, primaryIndex } from "../entity";

/** A person with an account. */
export const UserEntity = new Entity({
  model: model("user"),
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    email: { type: "string", required: true },
    name: { type: "string", required: true },
    passwordHash: { type: "string", required: true },
    /** The owner proved they receive mail at `email`; shares to them stay pending until then. */
    emailVerified: { type: "boolean" },
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
