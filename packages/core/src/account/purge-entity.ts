import { Entity } from "electrodb";
import { model, primaryIndex } from "../entity";

/**
 * An account being purged: written with the account's deletion and removed by the worker
 * when nothing of the account is left. While it exists, a repeated `DELETE /api/me` queues
 * the purge again, so a lost message cannot leave data behind.
 */
export const AccountPurgeEntity = new Entity({
  model: model("account_purge"),
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    requestedAt: { type: "string", required: true, readOnly: true },
  },
  indexes: { byUser: primaryIndex(["userId"]) },
});
