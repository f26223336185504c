import { api } from "./http/api";

/** Media routes arrive with the media feature; the route table gives this function none yet. */
export const handler = api("Media", {});
