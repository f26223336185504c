import { Entity } from "electrodb";

/** A person with an account. */
export const UserEntity = new Entity({
  model: { entity: "user", version: "1", service: "sharespace" },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    email: { type: "string", required: true },
    name: { type: "string", required: true },
    passwordHash: { type: "string", required: true },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    byId: { pk: { field: "pk", composite: ["userId"] }, sk: { field: "sk", composite: [] } },
  },
});

/**
 * One item per email address, written in the same transaction as the user with a
 * condition that it does not exist yet: that condition is what makes emails unique.
 */
export const EmailEntity = new Entity({
  model: { entity: "email", version: "1", service: "sharespace" },
  attributes: {
    email: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true },
  },
  indexes: {
    byEmail: { pk: { field: "pk", composite: ["email"] }, sk: { field: "sk", composite: [] } },
  },
});
