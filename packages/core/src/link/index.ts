/**
 * Sharing by link: the owner makes links to an item, each with its own policy (expiry,
 * password, download, view cap, custom slug); anyone holding one opens it, signed in or not.
 *
 * ```ts
 * import { Link } from "@sharespace/core/link";
 *
 * const link = await Link.create(mediaId, { maxViews: 10, password: "tulips" });
 * const opened = await Link.open(link.token, { password: "tulips" }); // counts a view
 * await Link.open(link.token, { password: "tulips", visit: opened.visit }); // renews, no count
 * await Link.revoke(mediaId, link.token);
 * ```
 * @module
 */
import * as info from "./info";
import * as manage from "./manage";
import * as visit from "./visit";

export namespace Link {
  export const create = manage.create;
  export const list = manage.list;
  export const mine = manage.mine;
  export const update = manage.update;
  export const revoke = manage.revoke;
  export const open = visit.open;
  export const card = visit.card;
  export const resolve = visit.resolve;
  export const preview = visit.preview;
  export type Preview = visit.LinkPreview;
  export const stateOf = info.stateOf;
  export const siteUrl = info.siteUrl;
}
