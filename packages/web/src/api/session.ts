import {
  AuthSession,
  type LoginBody,
  Me,
  RefreshedToken,
  SessionCookie,
  type SignupBody,
  type User,
} from "@sharespace/core/schema";
import type * as v from "valibot";
import { ApiError } from "./error";
import type { Http, RequestOptions } from "./http";

/** What the app knows about who is using it. */
export type AuthState =
  | { status: "restoring" }
  | { status: "signed-out" }
  | {
      status: "signed-in";
      user: User;
      /** The session began with a sign-up (the home page says "Welcome", not "Welcome back"). */
      isNewAccount: boolean;
    };

/** The user part of `/api/me`. */
export const userOf = ({ usage: _usage, quota: _quota, ...user }: Me): User => user;

/** Timers, injectable so tests can run the refresh schedule with a fake clock. */
export interface Clock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The signed-in session. The access token lives only in this closure (never in
 * localStorage or sessionStorage, where any injected script could read it); after a
 * reload the HttpOnly refresh cookie brings it back through {@link Auth.restore}.
 */
export interface Auth {
  /** The current state; a new object on every change (for `useSyncExternalStore`). */
  readonly state: AuthState;
  /** The signed-in user, or null. */
  readonly user: User | null;
  subscribe(listener: () => void): () => void;
  /** Run once on start: trades the refresh cookie (if any) for a token and loads the user. */
  restore(): Promise<void>;
  /** Resolves when {@link restore} has finished (at once if it never started). */
  settled(): Promise<void>;
  /**
   * Whether someone is signed in, as soon as that is known: during a restore, once the
   * refresh cookie has been traded for a token, without waiting for `/api/me`. Guards of
   * pages that only need a token use it, so their data loads beside `/api/me`.
   */
  signedIn(): Promise<boolean>;
  signUp(body: v.InferOutput<typeof SignupBody>): Promise<User>;
  signIn(body: v.InferOutput<typeof LoginBody>): Promise<User>;
  /** Ends the session on the server too; memory is cleared even if that call fails. */
  signOut(): Promise<void>;
  /** After the user changed (e.g. `PATCH /api/me`), so the header shows the new name. */
  setUser(user: User): void;
}

/** The parts of a session that the rest of the client needs. */
export interface Session extends Auth {
  /** A request with the access token; on a 401 refreshes once and retries. */
  authed: Http;
  /** A new access token, or null when the session is over. Concurrent calls share one request. */
  refresh(): Promise<string | null>;
}

/** Refresh this long before the access token expires. */
const REFRESH_LEAD_SECONDS = 60;
/** After a failed silent refresh (network, 5xx), try again this soon. */
const RETRY_SECONDS = 15;
const LOCK_NAME = "sharespace.auth.refresh";

/**
 * The server's `ss_session` cookie, set and cleared with the HttpOnly refresh cookie: it
 * holds no secret, it only says whether restoring a session is worth a request.
 */
export interface SessionHint {
  present(): boolean;
  clear(): void;
}

export const cookieHint: SessionHint = {
  present: () =>
    typeof document !== "undefined" &&
    document.cookie.split(/;\s*/).some((pair) => pair.startsWith(`${SessionCookie.hint}=1`)),
  clear: () => {
    if (typeof document !== "undefined") {
      // biome-ignore lint/suspicious/noDocumentCookie: one fixed, secret-free value; the Cookie Store API is not in every browser yet.
      document.cookie = `${SessionCookie.hint}=; Max-Age=0; Path=/; SameSite=Strict`;
    }
  },
};

export interface SessionOptions {
  request: Http;
  /** Default: the `ss_session` cookie. */
  hint?: SessionHint;
  clock?: Clock;
  /**
   * Web Locks, when the browser has them: serialises refreshes across tabs, which share
   * the refresh cookie. Two tabs rotating the same token at once both get its successor (the
   * API's short retry grace), but the grace is a safety net, not a protocol: under the lock
   * the second tab sends the cookie the first one just received.
   */
  locks?: Pick<LockManager, "request"> | undefined;
}

const defaultClock: Clock = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createSession({
  request,
  clock = defaultClock,
  locks,
  hint = cookieHint,
}: SessionOptions): Session {
  let state: AuthState = { status: "restoring" };
  let token: string | null = null;
  let refreshing: Promise<string | null> | null = null;
  let restoring: Promise<void> = Promise.resolve();
  let timer: unknown;
  /** Bumped whenever a session starts or ends, so a late refresh answer cannot revive it. */
  let epoch = 0;
  const listeners = new Set<() => void>();

  const setState = (next: AuthState) => {
    state = next;
    for (const listener of listeners) listener();
  };

  const schedule = (seconds: number) => {
    clock.clearTimeout(timer);
    timer = clock.setTimeout(() => {
      refresh().catch(() => schedule(RETRY_SECONDS));
    }, seconds * 1000);
  };

  const adopt = (accessToken: string, expiresIn: number) => {
    token = accessToken;
    // ~1 minute early; for very short tokens, halfway through their life.
    schedule(Math.max(expiresIn - REFRESH_LEAD_SECONDS, expiresIn / 2));
  };

  const end = () => {
    epoch++;
    token = null;
    hint.clear();
    clock.clearTimeout(timer);
    if (state.status !== "signed-out") setState({ status: "signed-out" });
  };

  const rotate = () => request("/api/auth/refresh", { method: "POST", schema: RefreshedToken });

  function refresh(): Promise<string | null> {
    if (refreshing) return refreshing;
    const started = epoch;
    // The DOM typings say `request` resolves to the callback's promise; it resolves to its value.
    const rotated = (locks ? locks.request(LOCK_NAME, rotate) : rotate()) as ReturnType<
      typeof rotate
    >;
    refreshing = rotated
      .then(
        ({ accessToken, expiresIn }) => {
          if (started !== epoch) return token;
          adopt(accessToken, expiresIn);
          return accessToken;
        },
        (error: unknown) => {
          // 401: no cookie, an expired one, or a reused one (the server ended that session).
          if (error instanceof ApiError && error.status === 401) {
            if (started === epoch) end();
            return null;
          }
          throw error;
        },
      )
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  }

  const authed = (async (path: string, options: RequestOptions & { schema?: v.GenericSchema }) => {
    // Without a token, only a session still being restored is worth a refresh.
    const used = token ?? (state.status === "restoring" ? await refresh() : null);
    if (!used) throw new ApiError(401, "unauthorized", "Sign in to continue.");
    try {
      return await request(path, { ...options, token: used } as RequestOptions);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      // Another call may have refreshed while this one was in flight: use its token
      // instead of spending the refresh cookie again.
      const fresh = token && token !== used ? token : await refresh();
      if (!fresh) throw error;
      return request(path, { ...options, token: fresh } as RequestOptions);
    }
  }) as Http;

  const start = async (path: string, body: unknown, isNewAccount: boolean) => {
    const session = await request(path, { method: "POST", body, schema: AuthSession });
    epoch++;
    adopt(session.accessToken, session.expiresIn);
    setState({ status: "signed-in", user: session.user, isNewAccount });
    return session.user;
  };

  return {
    get state() {
      return state;
    },
    get user() {
      return state.status === "signed-in" ? state.user : null;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    restore() {
      restoring = (async () => {
        // Nobody signed in on this browser: no refresh call, no 401 in the console.
        if (!hint.present()) return end();
        try {
          if (!(await refresh())) return;
          const me = await authed("/api/me", { schema: Me });
          setState({ status: "signed-in", user: userOf(me), isNewAccount: false });
        } catch {
          // The API is unreachable: carry on signed out; the home page says the API is down.
          end();
        }
      })();
      return restoring;
    },
    settled: () => restoring,
    async signedIn() {
      if (state.status === "restoring") {
        if (token) return true;
        if (refreshing && (await refreshing.catch(() => null))) return true;
        await restoring;
      }
      return state.status === "signed-in";
    },
    signUp: (body) => start("/api/auth/signup", body, true),
    signIn: (body) => start("/api/auth/login", body, false),
    async signOut() {
      const pending = refreshing;
      end();
      // Let a rotation in flight land first, so the cookie revoked is the current one.
      await pending?.catch(() => undefined);
      await request("/api/auth/logout", { method: "POST" }).catch(() => undefined);
    },
    setUser(user) {
      if (state.status === "signed-in") setState({ ...state, user });
    },
    authed,
    refresh,
  };
}
