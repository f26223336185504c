/**
 * API Gateway and Lambda quotas the emulator enforces, so code that works locally does not
 * fail on AWS for size or time. Sources: the package README, "Limits" (AWS's HTTP API quotas
 * page and Lambda's `Invoke` API).
 */

/** HTTP API payload quota: 10 MB. */
export const MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024;

/** HTTP API quota on the request line plus all header values. */
export const MAX_REQUEST_LINE_AND_HEADERS_BYTES = 10_240;

/** Lambda's synchronous invoke payload quota, for the event and for the response alike. */
export const MAX_LAMBDA_PAYLOAD_BYTES = 6 * 1024 * 1024;

/** Default and maximum integration timeout. */
export const DEFAULT_INTEGRATION_TIMEOUT_MS = 30_000;

/** JWT authorizer: timeout of the OIDC discovery request and of the JWKS request, each. */
export const JWKS_FETCH_TIMEOUT_MS = 1_500;

/** JWT authorizer: largest JWKS (and discovery) response accepted. */
export const MAX_JWKS_BYTES = 150_000;
