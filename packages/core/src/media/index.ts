/**
 * Media: uploads, the gallery, edits and deletes for the signed-in user (the actor), and the
 * status transitions and sweep the system runs. Nothing here knows about HTTP or Lambda.
 *
 * ```ts
 * import { Media } from "@sharespace/core/media";
 *
 * const { media, upload } = await Media.create({ filename, contentType, size, checksum });
 * const page = await Media.list({ limit: 30, until });
 * await Media.startProcessing({ ownerId, mediaId }); // Process, on the object's arrival
 * await Media.markReady({ ownerId, mediaId }, { size, width, height, derivatives });
 * ```
 * @module
 */
import type * as schema from "../schema/media";
import * as access from "./access";
import * as completion from "./complete";
import * as edit from "./edit";
import * as multipart from "./multipart";
import * as reads from "./read";
import { mediaSettings } from "./settings";
import * as store from "./store";
import * as sweeper from "./sweep";
import * as transitions from "./transitions";
import * as upload from "./upload";
import { type UsageInfo, usageOf } from "./usage";

export { MediaError } from "./errors";
export { sanitizeFilename } from "./filename";

export namespace Media {
  /** An item as the API shows it. */
  export type Info = schema.MediaInfo;
  /** An item as stored: what Process and the sweep read. */
  export type Item = store.MediaItem;
  /** The owner and id of an item, as an object key names them. */
  export type Ref = store.MediaRef;
  export type Transition = transitions.Transition;
  export type ReadyInfo = transitions.ReadyInfo;
  export type DerivativesInfo = transitions.DerivativesInfo;
  export type SweepHooks = sweeper.SweepHooks;
  export type SweepReport = sweeper.SweepReport;
  export type StuckItem = sweeper.StuckItem;
  export type Access = access.MediaAccess;
  export type Usage = UsageInfo;

  // The signed-in user's uploads.
  export const create = upload.create;
  export const signParts = multipart.signParts;
  export const listParts = multipart.listParts;
  export const complete = completion.complete;
  export const abort = upload.abort;
  export const posterUpload = upload.posterUpload;
  export const partSizeFor = upload.partSizeFor;

  // The signed-in user's gallery and edits.
  export const get = reads.get;
  export const list = reads.list;
  export const timeline = reads.timeline;
  export const update = edit.update;
  export const remove = edit.remove;
  export const removeMany = edit.removeMany;

  // Who may see and change an item (sharing extends `isSharedWith`).
  export const accessOf = access.accessOf;
  export const canView = access.canView;

  // The system: Process, the sweep, account pages.
  export const read = store.readItem;
  export const startProcessing = transitions.startProcessing;
  export const markReady = transitions.markReady;
  export const markFailed = transitions.markFailed;
  export const addDerivatives = transitions.addDerivatives;
  export const sweep = sweeper.sweep;
  export const sweepSchedule = sweeper.sweepSchedule;
  export const usage = usageOf;
  export const settings = mediaSettings;
}
