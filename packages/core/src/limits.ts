/**
 * Sizes, quotas and lifetimes, declared once and read by core, functions, the local
 * stack, the web app and the tests.
 */
export const limits = {
  /** JSON request bodies above this answer 413. */
  maxJsonBodyBytes: 64 * 1024,
  /** Access tokens live at most 15 minutes (the API contract). */
  accessTokenSeconds: 15 * 60,
  /** Refresh tokens (and so a signed-in browser) last 30 days from the last refresh. */
  refreshTokenSeconds: 30 * 24 * 60 * 60,
  /** A password reset link works once, for this long (the API contract). */
  passwordResetSeconds: 30 * 60,
  password: { min: 8, max: 128 },
  name: { min: 1, max: 80 },
  email: { max: 254 },
  login: {
    /** More than this many failures for one email within the window answer 429. */
    maxFailures: 10,
    windowSeconds: 15 * 60,
  },
  list: { defaultLimit: 30, maxLimit: 100 },
  media: {
    maxFileBytes: 5 * 1024 ** 3,
    quotaBytes: 10 * 1024 ** 3,
    /** Files up to this size get one presigned PUT; larger ones use multipart. */
    singlePutMaxBytes: 64 * 1024 ** 2,
    presignSeconds: 60 * 60,
  },
} as const;
