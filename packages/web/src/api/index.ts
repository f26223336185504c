export { type ApiClient, type ClientOptions, createClient } from "./client";
export { ApiError, type ErrorDetail, isApiError } from "./error";
export type { MediaApi, MediaPageQuery } from "./media";
export type { Auth, AuthState } from "./session";
export type { UploadsApi } from "./uploads";
