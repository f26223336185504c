import { describe, expect, it, vi } from "vitest";
import { stringifyClaims } from "../../src/apigw/claims";
import {
  createKeyStore,
  JwksUnavailableError,
  KEY_CACHE_MAX_AGE_MS,
  UNKNOWN_KID_COOLDOWN_MS,
} from "../../src/apigw/jwks";
import { JWKS_FETCH_TIMEOUT_MS, MAX_JWKS_BYTES } from "../../src/apigw/limits";
import { AUDIENCE, ISSUER, route, send, startGateway } from "./apigw-harness";

const DISCOVERY = `${ISSUER}/.well-known/openid-configuration`;
const JWKS = "https://keys.example.test/jwks.json";
const key = (kid: string) => ({ kty: "RSA", kid, n: "AQAB", e: "AQAB" });

/** A fetch serving discovery and a JWKS whose keys (or raw answer) the test controls. */
function issuerFetch(initial: object[] = [key("a")]) {
  const state = { keys: initial, jwks: undefined as (() => Response) | undefined };
  const fetch = vi.fn(async (input: string | URL | Request) => {
    const url = String(input);
    if (url === DISCOVERY) return Response.json({ issuer: ISSUER, jwks_uri: JWKS });
    if (url === JWKS) return state.jwks?.() ?? Response.json({ keys: state.keys });
    return new Response(null, { status: 404 });
  });
  return { state, fetch, jwksFetches: () => fetch.mock.calls.filter(([u]) => u === JWKS).length };
}

function storeWith(fetch: typeof globalThis.fetch, now = () => 0, extra = {}) {
  return createKeyStore({ issuer: ISSUER, fetch, now, ...extra });
}

describe("key store", () => {
  it("follows discovery to jwks_uri and caches the keys", async () => {
    const { fetch, jwksFetches } = issuerFetch();
    const store = storeWith(fetch as typeof globalThis.fetch);
    expect(await store.get("a")).toMatchObject({ kid: "a" });
    expect(await store.get("a")).toMatchObject({ kid: "a" });
    expect(fetch.mock.calls.map(([url]) => String(url))).toEqual([DISCOVERY, JWKS]);
    expect(jwksFetches()).toBe(1);
  });

  it("accepts an issuer written with a trailing slash", async () => {
    const { fetch } = issuerFetch();
    const store = createKeyStore({ issuer: `${ISSUER}/`, fetch: fetch as typeof globalThis.fetch });
    expect(await store.get("a")).toBeDefined();
    expect(String(fetch.mock.calls[0]?.[0])).toBe(DISCOVERY);
  });

  it("refetches once the cache is older than its max age", async () => {
    let now = 0;
    const { fetch, jwksFetches } = issuerFetch();
    const store = storeWith(fetch as typeof globalThis.fetch, () => now);
    await store.get("a");
    now = KEY_CACHE_MAX_AGE_MS - 1;
    await store.get("a");
    expect(jwksFetches()).toBe(1);
    now = KEY_CACHE_MAX_AGE_MS;
    await store.get("a");
    expect(jwksFetches()).toBe(2);
  });

  it("refetches for an unknown kid at most once per cooldown", async () => {
    let now = 0;
    const { state, fetch, jwksFetches } = issuerFetch();
    const store = storeWith(fetch as typeof globalThis.fetch, () => now);
    await store.get("a");

    // A rotated key is found at once, by one refetch.
    state.keys = [key("a"), key("b")];
    expect(await store.get("b")).toMatchObject({ kid: "b" });
    expect(jwksFetches()).toBe(2);

    // Forged kids within the cooldown do not reach the issuer again.
    expect(await store.get("forged-1")).toBeUndefined();
    now += UNKNOWN_KID_COOLDOWN_MS - 1;
    expect(await store.get("forged-2")).toBeUndefined();
    expect(jwksFetches()).toBe(2);
    now += 1;
    expect(await store.get("forged-3")).toBeUndefined();
    expect(jwksFetches()).toBe(3);
  });

  it("shares one fetch between concurrent lookups", async () => {
    const { fetch, jwksFetches } = issuerFetch();
    const store = storeWith(fetch as typeof globalThis.fetch);
    await Promise.all([store.get("a"), store.get("a"), store.get("a")]);
    expect(jwksFetches()).toBe(1);
  });

  it("does not cache a failure", async () => {
    const { state, fetch } = issuerFetch();
    const store = storeWith(fetch as typeof globalThis.fetch);
    state.jwks = () => new Response("down", { status: 503 });
    await expect(store.get("a")).rejects.toThrow(JwksUnavailableError);
    state.jwks = undefined;
    expect(await store.get("a")).toMatchObject({ kid: "a" });
  });

  it.each([
    ["discovery without jwks_uri", () => Response.json({ keys: [] }), true],
    ["a JWKS without keys", () => Response.json({ nope: 1 }), false],
    ["a JWKS that is not JSON", () => new Response("<html>"), false],
    ["a JWKS answering 500", () => new Response("", { status: 500 }), false],
  ])("fails on %s", async (_, answer, atDiscovery) => {
    const { state, fetch } = issuerFetch();
    const broken = vi.fn(async (input: string | URL | Request) =>
      atDiscovery && String(input) === DISCOVERY ? answer() : fetch(input),
    );
    if (!atDiscovery) state.jwks = answer;
    const store = storeWith(broken as typeof globalThis.fetch);
    await expect(store.get("a")).rejects.toThrow(JwksUnavailableError);
  });

  describe(`size cap (${MAX_JWKS_BYTES} bytes)`, () => {
    /** A JWKS document padded to exactly `size` bytes. */
    const jwksOfSize = (size: number) => {
      const bare = JSON.stringify({ keys: [key("a")], pad: "" });
      return JSON.stringify({ keys: [key("a")], pad: "p".repeat(size - bare.length) });
    };
    const streamed = (text: string) =>
      new Response(
        new ReadableStream({
          start(controller) {
            const bytes = new TextEncoder().encode(text);
            for (let i = 0; i < bytes.length; i += 16_384) {
              controller.enqueue(bytes.subarray(i, i + 16_384));
            }
            controller.close();
          },
        }),
      );

    it.each([
      ["accepts exactly the cap, streamed", MAX_JWKS_BYTES, streamed, true],
      ["refuses one byte more, streamed", MAX_JWKS_BYTES + 1, streamed, false],
      [
        "refuses a declared content-length over the cap",
        MAX_JWKS_BYTES + 1,
        (text: string) => new Response(text, { headers: { "content-length": `${text.length}` } }),
        false,
      ],
    ])("%s", async (_, size, respond, ok) => {
      const { state, fetch } = issuerFetch();
      const text = jwksOfSize(size);
      expect(text).toHaveLength(size);
      state.jwks = () => respond(text);
      const lookup = storeWith(fetch as typeof globalThis.fetch).get("a");
      if (ok) await expect(lookup).resolves.toMatchObject({ kid: "a" });
      else await expect(lookup).rejects.toThrow(/larger than 150000 bytes/);
    });
  });

  it("gives up on a fetch that does not answer in time, even one ignoring its signal", async () => {
    let signal: AbortSignal | undefined;
    const hanging = vi.fn((_: unknown, init?: RequestInit) => {
      signal = init?.signal ?? undefined;
      return new Promise<Response>(() => {});
    });
    const store = storeWith(hanging as unknown as typeof globalThis.fetch, Date.now, {
      timeoutMs: 30,
    });
    await expect(store.get("a")).rejects.toThrow(/did not answer within 30 ms/);
    expect(signal?.aborted).toBe(true);
  });

  it(`answers 401 when discovery hangs past ${JWKS_FETCH_TIMEOUT_MS} ms`, async () => {
    // Timers are the test's to move (sockets stay real): 401 comes exactly at the timeout.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const handler = vi.fn(async () => "never");
      const hanging = vi.fn(() => new Promise<Response>(() => {}));
      const gateway = await startGateway({
        routes: [route("GET /me", handler, true)],
        jwt: { issuer: ISSUER, audience: [AUDIENCE] },
        fetch: hanging as unknown as typeof globalThis.fetch,
      });
      // Decodable, RS256 and with a kid, so the authorizer has to ask for the key.
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
      const token = `${part({ alg: "RS256", kid: "k" })}.${part({})}.c2ln`;
      let answered = false;
      const pending = send(gateway.port, "/me", { headers: [["authorization", token]] }).finally(
        () => {
          answered = true;
        },
      );
      while (!hanging.mock.calls.length) await new Promise((resolve) => setImmediate(resolve));
      await vi.advanceTimersByTimeAsync(JWKS_FETCH_TIMEOUT_MS - 1);
      expect(answered).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      const response = await pending;
      await gateway.close();
      expect(response.status).toBe(401);
      expect(response.headers["www-authenticate"]).toContain("signing keys are unavailable");
      expect(handler).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("claims as API Gateway passes them", () => {
  it.each([
    ["a string", "usr_01", "usr_01"],
    ["a number", 1787996002, "1787996002"],
    ["a fraction", 1.5, "1.5"],
    ["a boolean", false, "false"],
    ["an array", ["admin", "poweruser"], "[admin poweruser]"],
    ["an array of numbers", [1, 2], "[1 2]"],
    ["an empty array", [], "[]"],
    ["an object", { a: { b: [1] } }, '{"a":{"b":[1]}}'],
  ])("%s → %j", (_, value, text) => {
    expect(stringifyClaims({ claim: value })).toEqual({ claim: text });
  });

  it("omits null claims", () => {
    expect(stringifyClaims({ a: null, b: "x" })).toEqual({ b: "x" });
  });
});
