import { LinkToken, limits } from "@sharespace/core/schema";
import * as v from "valibot";

/** How long a password reset link works, in minutes, for the words on the page. */
export const resetLinkMinutes = Math.round(limits.passwordResetSeconds / 60);

/** `?token=` of the links in account emails; a missing or mangled one is just absent. */
export const TokenSearch = v.object({
  token: v.fallback(v.optional(LinkToken), undefined),
});
