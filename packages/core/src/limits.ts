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
  /**
   * A refresh token presented again this soon after it was traded gets the same successor
   * back, as long as that successor is unused: the first answer was lost (a timeout, a dropped
   * connection) and the client retries. Long enough for the web app's retry 15 s after a
   * failed refresh, within Cognito's 60 s ceiling for the same grace. Later, it is a replay.
   */
  refreshRetrySeconds: 30,
  /** A password reset link works once, for this long (the API contract). */
  passwordResetSeconds: 30 * 60,
  /** An email verification link works once, for this long. */
  emailVerificationSeconds: 24 * 60 * 60,
  password: { min: 8, max: 128 },
  name: { min: 1, max: 80 },
  email: { max: 254 },
  /**
   * Sign-in attempts, each reserved (a conditional counter) before the password is checked,
   * so parallel guesses cannot overtake the count. Each ceiling is per fixed window; a
   * success gives its reservations back, so what is counted is failures (and attempts in
   * flight).
   */
  login: {
    windowSeconds: 15 * 60,
    /** One email from one client address: an attacker's budget for one account. */
    perEmailAndAddress: 10,
    /**
     * One email from every address together: ten times the above, so locking an owner out
     * takes ten addresses, while the owner's own address keeps its budget of ten.
     */
    perEmail: 100,
    /**
     * One client address across every email (password spraying). Generous enough for a
     * household or office behind one NAT address mistyping now and then; an IPv6 client is
     * counted per /64, the block one subscriber usually holds.
     */
    perAddress: 50,
  },
  /** Emails sent on request (verification again, password reset), per fixed window. */
  mail: {
    windowSeconds: 15 * 60,
    /** Verification emails one signed-in user may ask for again. */
    verificationPerUser: 3,
    /** Reset emails asked for one email from one client address. */
    resetPerEmailAndAddress: 3,
    /** Reset emails asked for one email from everywhere (mail bombing). */
    resetPerEmail: 10,
    /** Reset emails one client address may ask for, whatever the email. */
    resetPerAddress: 20,
    /**
     * `POST /api/auth/password/forgot` answers after at least this long, whether or not the
     * email has an account (the work for a real one, a write and a sent email, fits in it):
     * the time of the answer says nothing about the email.
     */
    forgotAnswerMs: 1_000,
  },
  /**
   * API Gateway's own throttling (token bucket: requests per second, and burst), before any
   * function runs: the whole stage, and tighter on the public routes that take credentials or
   * send email (`throttle: "auth"` in the route table).
   */
  gateway: {
    stage: { ratePerSecond: 200, burst: 400 },
    auth: { ratePerSecond: 20, burst: 40 },
  },
  list: { defaultLimit: 30, maxLimit: 100 },
  media: {
    /** The largest file, unless the deployment sets another (`media/settings.ts`). */
    maxFileBytes: 50 * 1024 ** 3,
    /** Bytes one user may store, in-flight uploads included, unless the deployment sets another. */
    quotaBytes: 100 * 1024 ** 3,
    /** Files up to this size get one presigned PUT; larger ones use multipart. */
    singlePutMaxBytes: 64 * 1024 ** 2,
    /** The smallest part of a multipart upload: fewer, larger requests than S3's 5 MiB floor. */
    minPartBytes: 16 * 1024 ** 2,
    /** Upload URLs (PUT, parts, poster) expire within 15 minutes (the API contract). */
    uploadUrlSeconds: 15 * 60,
    /** Download URLs (thumbnail, preview, original, download) expire within an hour. */
    getUrlSeconds: 60 * 60,
    /** An upload not completed by then is swept: gone within 24 h, with 15-minute sweeps. */
    uploadDeadlineSeconds: 23 * 60 * 60,
    /** An item still `processing` after this is retried or failed by the sweep. */
    processingDeadlineSeconds: 15 * 60,
    /** How often the sweep runs (deployed by a cron, locally by a timer). */
    sweepEveryMinutes: 15,
    /** A video's poster frame. */
    posterMaxBytes: 2 * 1024 ** 2,
    /** Part URLs signed per call. */
    partUrlsPerCall: 100,
    /** Ids per bulk delete. */
    bulkDeleteMax: 100,
    /** Code points of a stored filename (the extension is kept). */
    filenameMaxChars: 200,
    titleMaxChars: 200,
    descriptionMaxChars: 2000,
  },
  link: {
    /** A link's expiry, when it has one: 60 s to a year (the API contract). */
    minExpirySeconds: 60,
    maxExpirySeconds: 365 * 24 * 60 * 60,
    maxViews: 1_000_000,
    password: { min: 4, max: 128 },
    slug: { min: 3, max: 64 },
    /** Wrong passwords per link within the window before 429. */
    maxWrongPasswords: 10,
    wrongPasswordWindowSeconds: 15 * 60,
    /** A visit id renews a visitor's URLs without counting a view for this long. */
    visitSeconds: 30 * 60,
    /** Presigned GETs a link visitor gets (and the Open Graph card) live at most this long. */
    visitorUrlSeconds: 10 * 60,
  },
  share: {
    /**
     * Shares to one recipient within this many seconds of the first go out in one email: the
     * first share of a window sends a message delayed by as much (SQS allows up to 900 s).
     */
    noticeWindowSeconds: 60,
    /** Items named in one notification email; the rest are summed up as "and N more". */
    noticeMaxListed: 20,
  },
  /** Account deletion: items removed per queue message before handing on to the next. */
  purgeBatchItems: 500,
} as const;
