import { Entity } from "electrodb";
import { expires, model, primaryIndex } from "../entity";

/**
 * One counter of one throttle rule for one key (an email, a client address, a user...) in
 * one fixed window. Reserving is one conditional `ADD` (`count < max`), so parallel
 * requests cannot overtake the count, whichever Lambda instance serves them. The sort key is
 * the window's start: a read or write touches exactly one item, never a range, and TTL
 * removes the item once its window is over.
 */
export const ThrottleEntity = new Entity({
  model: model("throttle"),
  attributes: {
    /** What is counted, e.g. `login:email+address`. */
    scope: { type: "string", required: true, readOnly: true },
    /** Whose attempts: an email, a client address, both, a user id. */
    key: { type: "string", required: true, readOnly: true },
    /** The window's start, ISO 8601 UTC. */
    window: { type: "string", required: true, readOnly: true },
    count: { type: "number" },
    ...expires,
  },
  indexes: { byKey: primaryIndex(["scope", "key"], ["window"]) },
});
