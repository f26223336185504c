import { Entity } from "electrodb";
import { expires, model, primaryIndex } from "../entity";

/**
 * One failed sign-in for one email. Counting them is a Query on the email within the
 * window, so the limit holds across every Lambda instance; TTL removes old ones.
 */
export const LoginFailureEntity = new Entity({
  model: model("login_failure"),
  attributes: {
    email: { type: "string", required: true, readOnly: true },
    /** Epoch milliseconds plus a random suffix, so two failures in one millisecond both count. */
    at: { type: "string", required: true, readOnly: true },
    ...expires,
  },
  indexes: { byEmail: primaryIndex(["email"], ["at"]) },
});
