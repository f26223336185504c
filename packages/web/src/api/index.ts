export { type ApiClient, type ClientOptions, createClient } from "./client";
export { ApiError, type ErrorDetail, isApiError } from "./error";
export type { MediaApi, MediaPageQuery } from "./media";
export type { Auth, AuthState } from "./session";
export type { LinksApi, OpenLinkOptions, PageQuery, SharingApi } from "./sharing";
export type { UploadsApi } from "./uploads";
