import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, onTestFinished, vi } from "vitest";
import {
  createApiGateway,
  GatewayConfigError,
  IntegrationTimeoutError,
  MalformedResultError,
  RouteKeyError,
} from "../../src/apigw";
import { route, send, startGateway, type TestGateway } from "./apigw-harness";

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

/** Serves one `GET /r` route whose handler returns `result`. */
async function answer(result: unknown, method = "GET") {
  gateway = await startGateway({ routes: [route("GET /r", async () => result)] });
  return send(gateway.port, "/r", { method });
}

describe("a result without statusCode", () => {
  it.each([
    ["an object", { id: 1, ok: true }, '{"id":1,"ok":true}'],
    ["an object with body but no statusCode", { body: "x" }, '{"body":"x"}'],
    ["an array", [1, "a"], '[1,"a"]'],
    ["a string, as-is", "Hello", "Hello"],
    ["a number", 42, "42"],
    ["null", null, "null"],
    ["nothing", undefined, "null"],
    // Lambda carries it as a JSON string, which API Gateway then sends as-is.
    ["a Date", new Date(0), "1970-01-01T00:00:00.000Z"],
  ])("%s → 200 application/json", async (_, result, body) => {
    const response = await answer(result);
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe("application/json");
    expect(response.text).toBe(body);
  });
});

describe("a structured result", () => {
  it("sends status, headers and body", async () => {
    const response = await answer({
      statusCode: 201,
      headers: { "Content-Type": "text/plain", "X-Count": 3, "X-Flag": true },
      body: "created",
    });
    expect(response.status).toBe(201);
    expect(response.headers).toMatchObject({
      "content-type": "text/plain",
      "x-count": "3",
      "x-flag": "true",
    });
    expect(response.text).toBe("created");
  });

  it("sends each cookie as its own set-cookie header", async () => {
    const cookies = ["a=1; Path=/; HttpOnly", "b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT"];
    const response = await answer({ statusCode: 200, cookies, body: "" });
    expect(response.headers["set-cookie"]).toEqual(cookies);
  });

  it("decodes a base64 body", async () => {
    const bytes = Buffer.from([0, 1, 2, 253, 254, 255]);
    const response = await answer({
      statusCode: 200,
      headers: { "content-type": "application/octet-stream" },
      body: bytes.toString("base64"),
      isBase64Encoded: true,
    });
    expect(response.body.equals(bytes)).toBe(true);
    expect(response.headers["content-length"]).toBe("6");
  });

  it("sends no body for 204", async () => {
    const response = await answer({ statusCode: 204 });
    expect(response.status).toBe(204);
    expect(response.body).toHaveLength(0);
  });

  it("tags every response with apigw-requestid", async () => {
    const response = await answer({ statusCode: 200 });
    expect(response.headers["apigw-requestid"]).toMatch(/^[A-Za-z0-9_-]{15}=$/);
  });
});

describe("failures the gateway answers itself", () => {
  const INTERNAL = '{"message":"Internal Server Error"}';

  it("answers 500 without details when the handler throws, and tells onError", async () => {
    const onError = vi.fn();
    const error = new Error("secret database password in a stack trace");
    gateway = await startGateway({
      routes: [
        route("GET /boom", async () => {
          throw error;
        }),
      ],
      onError,
    });
    const response = await send(gateway.port, "/boom");
    expect(response.status).toBe(500);
    expect(response.text).toBe(INTERNAL);
    expect(response.headers["content-type"]).toBe("application/json");
    expect(onError).toHaveBeenCalledWith(error, "GET /boom");
  });

  it.each([
    ["a string statusCode", { statusCode: "200" }],
    ["a fractional statusCode", { statusCode: 200.5 }],
    ["an out-of-range statusCode", { statusCode: 99 }],
    ["an object body", { statusCode: 200, body: { a: 1 } }],
    ["a cookies string", { statusCode: 200, cookies: "a=1" }],
    ["an object header value", { statusCode: 200, headers: { x: { y: 1 } } }],
    ["a string isBase64Encoded", { statusCode: 200, isBase64Encoded: "yes" }],
  ])("answers 500 for a malformed result: %s", async (_, result) => {
    const onError = vi.fn();
    gateway = await startGateway({ routes: [route("GET /r", async () => result)], onError });
    const response = await send(gateway.port, "/r");
    expect(response.status).toBe(500);
    expect(response.text).toBe(INTERNAL);
    expect(onError).toHaveBeenCalledWith(expect.any(MalformedResultError), "GET /r");
  });

  it("answers 500 for a result that cannot be serialised", async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const response = await answer(circular);
    expect(response.status).toBe(500);
  });

  it("answers 503 when the integration timeout passes first, and ignores the late failure", async () => {
    // Timers are the test's to move (sockets stay real): the answer must come when the
    // timeout passes, while the handler is still running.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const onError = vi.fn();
      const started = vi.fn();
      const late = vi.fn();
      gateway = await startGateway({
        routes: [
          route("GET /slow", async () => {
            started();
            await new Promise((resolve) => setTimeout(resolve, 150));
            late();
            throw new Error("too late to matter");
          }),
        ],
        integrationTimeoutMs: 50,
        onError,
      });
      let answered = false;
      const pending = send(gateway.port, "/slow").finally(() => {
        answered = true;
      });
      while (!started.mock.calls.length) await new Promise((resolve) => setImmediate(resolve));
      await vi.advanceTimersByTimeAsync(49);
      expect(answered).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      const response = await pending;
      expect(response.status).toBe(503);
      expect(response.text).toBe('{"message":"Service Unavailable"}');
      expect(late).not.toHaveBeenCalled();
      expect(onError).toHaveBeenCalledWith(expect.any(IntegrationTimeoutError), "GET /slow");
      await vi.advanceTimersByTimeAsync(100);
      expect(late).toHaveBeenCalled();
      expect(onError).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("gives the handler a Lambda context counting down to the timeout", async () => {
    // The clock stands still until the test moves it.
    vi.useFakeTimers({ toFake: ["Date"] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const seen = vi.fn();
    gateway = await startGateway({
      routes: [
        {
          routeKey: "GET /ctx",
          functionName: "Media",
          handler: async (_event, context) => {
            const remaining = context.getRemainingTimeInMillis();
            vi.advanceTimersByTime(1_234);
            seen({ ...context, remaining, later: context.getRemainingTimeInMillis() });
            return "ok";
          },
        },
      ],
      integrationTimeoutMs: 5_000,
    });
    await send(gateway.port, "/ctx");
    const context = seen.mock.calls[0]?.[0];
    expect(context).toMatchObject({
      functionName: "Media",
      functionVersion: "$LATEST",
      memoryLimitInMB: "1024",
      logGroupName: "/aws/lambda/Media",
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(context.invokedFunctionArn).toMatch(/^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:Media$/);
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.remaining).toBe(5_000);
    expect(context.later).toBe(5_000 - 1_234);
  });
});

describe("routing answers", () => {
  const NOT_FOUND = '{"message":"Not Found"}';

  it.each([
    ["an unknown path", "GET", "/nope"],
    ["a trailing slash", "GET", "/r/"],
    ["another method", "POST", "/r"],
    ["HEAD, which is not served as GET", "HEAD", "/r"],
  ])("answers 404 for %s, without calling the handler", async (_, method, path) => {
    const handler = vi.fn(async () => "x");
    gateway = await startGateway({ routes: [route("GET /r", handler)] });
    const response = await send(gateway.port, path, { method });
    expect(response.status).toBe(404);
    if (method !== "HEAD") expect(response.text).toBe(NOT_FOUND);
    expect(handler).not.toHaveBeenCalled();
  });

  it("serves HEAD when a HEAD route exists", async () => {
    gateway = await startGateway({
      routes: [route("GET /r", async () => "get"), route("HEAD /r", async () => "head")],
    });
    const response = await send(gateway.port, "/r", { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers["content-length"]).toBe("4");
  });

  it("sends what no other route takes to $default, with the full path", async () => {
    const fallback = vi.fn(async (event: { rawPath: string; routeKey: string }) => event);
    gateway = await startGateway({
      routes: [route("GET /r", async () => "r"), route("$default", fallback)],
    });
    const response = await send(gateway.port, "/api/elsewhere?x=1", { method: "PUT" });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toMatchObject({
      routeKey: "$default",
      rawPath: "/api/elsewhere",
    });
  });

  it("sees the full path behind a connect-style mount that rewrote req.url", async () => {
    const api = createApiGateway({ routes: [route("GET /api/health", async () => "up")] });
    const server = createServer((req, res) => {
      // What connect/Vite do for `middlewares.use("/api", handler)`.
      Object.assign(req, { originalUrl: req.url, url: req.url?.slice("/api".length) });
      void api.handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const response = await send(port, "/api/health");
    server.close();
    expect(response.text).toBe("up");
  });
});

describe("configuration", () => {
  const handler = async () => "x";

  it("refuses JWT routes without a jwt option", () => {
    expect(() => createApiGateway({ routes: [route("GET /me", handler, true)] })).toThrow(
      GatewayConfigError,
    );
  });

  it.each([[[]], [Array.from({ length: 51 }, (_, i) => `aud-${i}`)]])(
    "refuses %j audiences",
    (audience) => {
      const jwt = { issuer: "https://issuer.test", audience };
      expect(() => createApiGateway({ routes: [], jwt })).toThrow(GatewayConfigError);
    },
  );

  it("refuses an invalid route key", () => {
    expect(() => createApiGateway({ routes: [route("GET /x/", handler)] })).toThrow(RouteKeyError);
  });

  it("still answers when onError itself throws", async () => {
    gateway = await startGateway({
      routes: [route("GET /boom", () => Promise.reject(new Error("boom")))],
      onError: () => {
        throw new Error("reporter down");
      },
    });
    expect((await send(gateway.port, "/boom")).status).toBe(500);
  });
});
