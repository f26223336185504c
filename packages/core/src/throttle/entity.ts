import { Entity } from "electrodb";
import { table } from "../table";

/**
 * One failed sign-in for one email. Counting them is a Query on the email within the
 * window, so the limit holds across every Lambda instance; TTL removes old ones.
 */
export const LoginFailureEntity = new Entity({
  model: { entity: "login_failure", version: "1", service: "sharespace" },
  attributes: {
    email: { type: "string", required: true, readOnly: true },
    /** Epoch milliseconds plus a random suffix, so two failures in one millisecond both count. */
    at: { type: "string", required: true, readOnly: true },
    [table.ttl]: { type: "number", required: true },
  },
  indexes: {
    byEmail: { pk: { field: "pk", composite: ["email"] }, sk: { field: "sk", composite: ["at"] } },
  },
});
