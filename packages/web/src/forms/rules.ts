import { limits } from "@sharespace/core/schema";

/** "Use 8 to 128 characters.": the rule the schema enforces, in the same numbers. */
export const passwordHint = `Use ${limits.password.min} to ${limits.password.max} characters.`;
