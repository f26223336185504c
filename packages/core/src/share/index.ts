/**
 * Sharing with people: the owner of an item shares it with an account by email; the
 * recipient may view and download it (not change it), and lists what was shared with them.
 *
 * ```ts
 * import { Share } from "@sharespace/core/share";
 *
 * const { share, notify } = await Share.add(mediaId, { email: "bob@example.com" });
 * await notify?.(); // a new share joins the recipient's next notification email
 * const { shares } = await Share.list(mediaId);
 * await Share.revoke(mediaId, userId);
 * const page = await Share.sharedWithMe({ limit: 30 });
 * await Share.deliverNotice(userId); // the ShareNotify queue's worker
 * await Share.notifyPending(userId); // once the recipient verifies their email
 * ```
 * @module
 */
import * as notice from "./notice";
import * as ops from "./share";

export namespace Share {
  export const add = ops.add;
  export const list = ops.list;
  export const revoke = ops.revoke;
  export const sharedWithMe = ops.sharedWithMe;
  export const deliverNotice = notice.deliver;
  export const notifyPending = notice.notifyPending;
}
