import { describe, expect, it } from "vitest";
import { apiError, callsTo, deferred, json, me, mockFetch, user } from "../test/fetch";
import { ApiError } from "./error";
import { createHttp } from "./http";
import { type Clock, createSession, type SessionHint } from "./session";

/** A clock whose timers run only when the test says so. */
function manualClock() {
  const timers = new Map<number, { callback: () => void; ms: number }>();
  let next = 0;
  const clock: Clock = {
    setTimeout(callback, ms) {
      timers.set(++next, { callback, ms });
      return next;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
  };
  const runAll = () => {
    const due = [...timers.values()];
    timers.clear();
    for (const timer of due) timer.callback();
  };
  return { clock, timers, runAll };
}

const signedIn = (token = "at-1", expiresIn = 900) =>
  json(200, { user, accessToken: token, expiresIn });

/** The `ss_session` hint cookie, as a flag the test can read and set. */
function fakeHint(present = true) {
  const hint = { value: present };
  const api: SessionHint = {
    present: () => hint.value,
    clear: () => {
      hint.value = false;
    },
  };
  return Object.assign(hint, { api });
}

function setup(routes: Parameters<typeof mockFetch>[0], hinted = true) {
  const fetch = mockFetch(routes);
  const time = manualClock();
  const hint = fakeHint(hinted);
  const session = createSession({ request: createHttp(fetch), clock: time.clock, hint: hint.api });
  return { fetch, session, hint, ...time };
}

describe("refresh", () => {
  it("coalesces concurrent refreshes into one request", async () => {
    // Prepare: hold the refresh answer back so the calls overlap.
    const answer = deferred<Response>();
    const { fetch, session } = setup({ "POST /api/auth/refresh": () => answer.promise });

    // Act
    const calls = [session.refresh(), session.refresh(), session.refresh()];
    answer.resolve(json(200, { accessToken: "at-2", expiresIn: 900 }));

    // Assess: one request (a refresh token is single-use), one token for everyone.
    expect(await Promise.all(calls)).toEqual(["at-2", "at-2", "at-2"]);
    expect(callsTo(fetch, "POST /api/auth/refresh")).toBe(1);
  });

  it("shares one refresh between parallel calls that all got a 401, then retries each once", async () => {
    const answer = deferred<Response>();
    const { fetch, session } = setup({
      "POST /api/auth/login": () => signedIn("old"),
      "POST /api/auth/refresh": () => answer.promise,
      "GET /api/me": (init) => {
        const auth = new Headers(init.headers).get("authorization");
        return auth === "Bearer new" ? json(200, me) : json(401, { message: "Unauthorized" });
      },
    });
    await session.signIn({ email: user.email, password: "secret-password" });

    const calls = [1, 2, 3].map(() => session.authed("/api/me", {}));
    // Let all three get their 401 before the refresh answers.
    await new Promise((resolve) => setTimeout(resolve, 0));
    answer.resolve(json(200, { accessToken: "new", expiresIn: 900 }));
    await Promise.all(calls);

    expect(callsTo(fetch, "POST /api/auth/refresh")).toBe(1);
    expect(callsTo(fetch, "GET /api/me")).toBe(6);
  });

  it("retries with a token another call already refreshed instead of refreshing again", async () => {
    let meCalls = 0;
    const { fetch, session } = setup({
      "POST /api/auth/login": () => signedIn("old"),
      "POST /api/auth/refresh": () => json(200, { accessToken: "new", expiresIn: 900 }),
      "GET /api/me": async (init) => {
        meCalls++;
        // The first call's 401 arrives only after the second call has refreshed.
        if (meCalls === 1) await new Promise((resolve) => setTimeout(resolve, 20));
        const auth = new Headers(init.headers).get("authorization");
        return auth === "Bearer new" ? json(200, me) : json(401, { message: "Unauthorized" });
      },
    });
    await session.signIn({ email: user.email, password: "secret-password" });

    const slow = session.authed("/api/me", {});
    await session.authed("/api/me", {});
    await slow;

    expect(callsTo(fetch, "POST /api/auth/refresh")).toBe(1);
  });

  it("refreshes silently a minute before the access token expires", async () => {
    const { fetch, session, timers, runAll } = setup({
      "POST /api/auth/login": () => signedIn("at-1", 900),
      "POST /api/auth/refresh": () => json(200, { accessToken: "at-2", expiresIn: 900 }),
    });
    await session.signIn({ email: user.email, password: "secret-password" });

    expect([...timers.values()].map((timer) => timer.ms)).toEqual([840_000]);
    runAll();
    await session.refresh();

    expect(callsTo(fetch, "POST /api/auth/refresh")).toBe(1);
    expect(session.state.status).toBe("signed-in");
  });

  it("ends the session when the refresh cookie is refused", async () => {
    const { session } = setup({
      "POST /api/auth/login": () => signedIn(),
      "POST /api/auth/refresh": () => apiError(401, "unauthorized", "Session ended."),
    });
    await session.signIn({ email: user.email, password: "secret-password" });

    expect(await session.refresh()).toBeNull();
    expect(session.state).toEqual({ status: "signed-out" });
  });
});

describe("restore", () => {
  it("brings the session back from the refresh cookie and loads the user", async () => {
    const { session } = setup({
      "POST /api/auth/refresh": () => json(200, { accessToken: "at-1", expiresIn: 900 }),
      "GET /api/me": () => json(200, me),
    });

    await session.restore();

    expect(session.state).toEqual({ status: "signed-in", user, isNewAccount: false });
  });

  it("is signed out, and forgets the hint, when the refresh cookie is gone", async () => {
    const { session, hint } = setup({
      "POST /api/auth/refresh": () => json(401, { message: "Unauthorized" }),
    });

    await session.restore();

    expect(session.state).toEqual({ status: "signed-out" });
    expect(hint.value).toBe(false);
  });

  it("knows someone is signed in once the token is in, before /api/me answers", async () => {
    const answer = deferred<Response>();
    const { session } = setup({
      "POST /api/auth/refresh": () => json(200, { accessToken: "at-1", expiresIn: 900 }),
      "GET /api/me": () => answer.promise,
    });

    const restored = session.restore();

    // Guards that need only a token go on; the user is still on its way.
    expect(await session.signedIn()).toBe(true);
    expect(session.state.status).toBe("restoring");
    let settled = false;
    void session.settled().then(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(settled).toBe(false);

    answer.resolve(json(200, me));
    await restored;
    expect(settled).toBe(true);
    expect(session.state).toEqual({ status: "signed-in", user, isNewAccount: false });
  });

  it("is not signed in when the refresh cookie is refused during a restore", async () => {
    const { session } = setup({
      "POST /api/auth/refresh": () => json(401, { message: "Unauthorized" }),
    });

    void session.restore();

    expect(await session.signedIn()).toBe(false);
    expect(session.state).toEqual({ status: "signed-out" });
  });

  it("makes no request at all when nobody signed in on this browser", async () => {
    const { fetch, session } = setup({}, false);

    await session.restore();

    expect(session.state).toEqual({ status: "signed-out" });
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("sign-out", () => {
  it("tells the server and clears the token even if the server call fails", async () => {
    const { fetch, session } = setup({
      "POST /api/auth/login": () => signedIn(),
      "POST /api/auth/logout": () => apiError(500, "internal", "Oops."),
    });
    await session.signIn({ email: user.email, password: "secret-password" });

    await session.signOut();

    expect(callsTo(fetch, "POST /api/auth/logout")).toBe(1);
    expect(session.state).toEqual({ status: "signed-out" });
    // No token left in memory: an authed call now fails without any request.
    await expect(session.authed("/api/me", {})).rejects.toMatchObject({ status: 401 });
  });
});

describe("errors", () => {
  it.each([
    {
      name: "the contract's error body",
      answer: () =>
        apiError(400, "invalid_request", "Check the form.", [{ path: "email", message: "Bad." }]),
      expected: {
        status: 400,
        code: "invalid_request",
        details: [{ path: "email", message: "Bad." }],
      },
    },
    {
      name: "retry-after on a 429",
      answer: () =>
        apiError(429, "rate_limited", "Slow down.", undefined, { "retry-after": "120" }),
      expected: { status: 429, code: "rate_limited", retryAfterSeconds: 120 },
    },
    {
      name: "API Gateway's own 401 body",
      answer: () => json(401, { message: "Unauthorized" }),
      expected: { status: 401, code: "unauthorized" },
    },
    {
      name: "a body that is not JSON",
      answer: () => new Response("<html>Bad gateway</html>", { status: 502 }),
      expected: { status: 502, code: "unavailable" },
    },
  ])("reads $name into an ApiError", async ({ answer, expected }) => {
    const request = createHttp(mockFetch({ "POST /api/auth/login": answer }));

    const error = await request("/api/auth/login", { method: "POST", body: {} }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject(expected);
  });

  it("turns a failed connection into network_error", async () => {
    const request = createHttp(() => Promise.reject(new TypeError("Failed to fetch")));

    await expect(request("/api/health")).rejects.toMatchObject({
      status: 0,
      code: "network_error",
    });
  });
});
