import { api } from "./http/api";

/** Sharing routes arrive with the sharing feature; the route table gives this function none yet. */
export const handler = api("Share", {});
