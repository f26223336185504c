import { Entity } from "electrodb";
import { expires, globalIndex, model, primaryIndex } from "../entity";

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

/**
 * The shares to one recipient waiting for their notification email: one item per recipient,
 * created by the first share of a window (which queues the delayed message that sends it)
 * and grown by the next ones with an atomic ADD, until the notifier claims it by deleting
 * it. TTL removes one whose message was lost, a day on.
 */
export const ShareNoticeEntity = new Entity({
  model: model("share_notice"),
  attributes: {
    /** The recipient. */
    userId: { type: "string", required: true, readOnly: true },
    /** The items shared with them in this window. */
    mediaIds: { type: "set", items: "string", required: true },
    /** When the window closes and the email goes out (ISO 8601 UTC). */
    dueAt: { type: "string", required: true, readOnly: true },
    ...expires,
  },
  indexes: { byRecipient: primaryIndex(["userId"]) },
});
