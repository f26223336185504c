import * as v from "valibot";

/** `?redirect=` on the sign-in and sign-up pages; anything unusable is dropped. */
export const RedirectSearch = v.object({
  redirect: v.fallback(v.optional(v.string()), undefined),
});

/**
 * Where to go after signing in: only a path on this site, never another origin. By
 * default the home page, which greets the person ("Welcome", "Welcome back").
 */
export function safeRedirect(target: string | undefined, fallback = "/"): string {
  if (!target?.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) {
    return fallback;
  }
  return target;
}
