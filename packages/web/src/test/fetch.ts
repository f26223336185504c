import { vi } from "vitest";

/**
 * A stand-in for `fetch` in web unit tests. Mocking fetch is fine at this level: these
 * tests are about how the client and the forms react to answers; the real API is
 * exercised end to end by the browser tests in `packages/web/e2e/`.
 */
export type Handler = (init: RequestInit) => Response | Promise<Response>;

export function json(status: number, body?: unknown, headers: Record<string, string> = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

export const apiError = (
  status: number,
  code: string,
  message: string,
  details?: { path: string; message: string }[],
  headers?: Record<string, string>,
) => json(status, { error: { code, message, ...(details ? { details } : {}) } }, headers);

/** Routes keyed `"METHOD /path"`; an unknown route fails the test loudly. */
export function mockFetch(routes: Record<string, Handler>) {
  return vi.fn(async (input: string, init: RequestInit) => {
    const key = `${init.method ?? "GET"} ${input}`;
    const handler = routes[key];
    if (!handler) throw new Error(`unexpected request: ${key}`);
    return handler(init);
  });
}

/** How many times `fetch` was called for one route. */
export const callsTo = (fetchMock: ReturnType<typeof mockFetch>, key: string) =>
  fetchMock.mock.calls.filter(([input, init]) => `${init.method ?? "GET"} ${input}` === key).length;

/** A promise with its resolve function, to hold an answer back. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

export const user = {
  id: "usr_01",
  email: "ada@example.com",
  name: "Ada Lovelace",
  emailVerified: true,
  createdAt: "2026-11-25T10:00:00.000Z",
};

export const me = { ...user, usage: { bytes: 0, count: 0 }, quota: { bytes: 10 * 1024 ** 3 } };
