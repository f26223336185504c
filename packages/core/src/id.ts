import { ulid } from "ulid";

/**
 * Prefixed ULIDs (`usr_01J…`): sortable by creation time, and the prefix tells a reader
 * what an id names.
 */
export const createId = (prefix: "usr" | "ses" | "med" | "lnk") => `${prefix}_${ulid()}`;
