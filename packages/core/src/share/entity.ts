import { Entity } from "electrodb";
import { globalIndex, model, primaryIndex } from "../entity";

/**
 * An item shared with one person. Keyed so that both questions are one Query: the item's
 * partition lists who may see it (`byMedia`), the recipient's index lists what they may see,
 * newest share first (`byRecipient`). Whether the recipient sees it yet (`pending`) is not
 * stored: it is read from their account when asked, so verifying an email needs no fan-out.
 */
export const ShareEntity = new Entity({
  model: model("share"),
  attributes: {
    mediaId: { type: "string", required: true, readOnly: true },
    /** The recipient. */
    userId: { type: "string", required: true, readOnly: true },
    /** Who shared it: the item's owner. */
    ownerId: { type: "string", required: true, readOnly: true },
    /** ISO 8601 UTC with milliseconds. */
    sharedAt: { type: "string", required: true, readOnly: true },
  },
  indexes: {
    byMedia: primaryIndex(["mediaId"], ["userId"]),
    byRecipient: globalIndex("gsi1", ["userId"], ["sharedAt", "mediaId"]),
  },
});
