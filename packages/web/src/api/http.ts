import * as v from "valibot";
import { invalidResponse, networkError, toApiError } from "./error";

/** The `fetch` the client uses; tests pass a mock. */
export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export interface RequestOptions {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Sent as JSON. */
  body?: unknown;
  /** An access token, sent as `Authorization: Bearer`. */
  token?: string;
  /** More request headers (a link's `x-link-password`, `x-link-visit`). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Sends one request to the API; knows nothing about sessions. */
export interface Http {
  /** Parses a successful answer with `schema`; throws {@link ApiError} for anything else. */
  <S extends v.GenericSchema>(
    path: string,
    options: RequestOptions & { schema: S },
  ): Promise<v.InferOutput<S>>;
  /** For answers without a body worth reading (204). */
  (path: string, options?: RequestOptions): Promise<void>;
}

/** Same origin only: `/api` shares the page's origin both deployed and locally. */
export function createHttp(fetchFn: Fetch): Http {
  return (async (path: string, options: RequestOptions & { schema?: v.GenericSchema } = {}) => {
    const headers: Record<string, string> = { ...options.headers, accept: "application/json" };
    if (options.body !== undefined) headers["content-type"] = "application/json";
    if (options.token) headers.authorization = `Bearer ${options.token}`;

    let response: Response;
    try {
      response = await fetchFn(path, {
        method: options.method ?? "GET",
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        // The refresh cookie is HttpOnly with Path=/api/auth: the browser adds it itself.
        credentials: "same-origin",
        signal: options.signal,
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw networkError();
    }

    if (!response.ok) throw await toApiError(response);
    if (!options.schema) return undefined;
    const body: unknown = await response.json().catch(() => undefined);
    const parsed = v.safeParse(options.schema, body);
    if (!parsed.success) throw invalidResponse(response.status);
    return parsed.output;
  }) as Http;
}
