import { afterEach, describe, expect, it } from "vitest";
import type { ApiGatewayOptions } from "../../src/apigw";
import {
  AUDIENCE,
  createIssuer,
  ISSUER,
  NOW,
  type RawResponse,
  recorder,
  route,
  type SendOptions,
  send,
  startGateway,
  type TestGateway,
} from "./apigw-harness";

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

/** Serves one route, sends one request and returns the one event the handler received. */
async function eventFor(
  routeKey: string,
  path: string,
  options: SendOptions = {},
  extra: Partial<ApiGatewayOptions> = {},
) {
  const spy = recorder();
  // A route is guarded exactly when the test configures the authorizer.
  const guarded = extra.jwt !== undefined;
  gateway = await startGateway({ routes: [route(routeKey, spy.handler, guarded)], ...extra });
  const response: RawResponse = await send(gateway.port, path, options);
  expect(response.status).toBe(200);
  expect(spy.events).toHaveLength(1);
  return { event: spy.events[0] as NonNullable<(typeof spy.events)[0]>, response };
}

describe("event shape", () => {
  it("has the fields of aws-lambda-go's apigw-v2-request-jwt-authorizer.json fixture", async () => {
    const issuer = await createIssuer();
    const token = await issuer.sign();
    const { event, response } = await eventFor(
      "POST /my/{proxy+}",
      "/my/hello/world?parameter1=value1&parameter1=value2&parameter2=value",
      {
        method: "POST",
        headers: [
          ["Header1", "value1"],
          ["Cookie", "cookie1; cookie2"],
          ["Authorization", `Bearer ${token}`],
          ["Content-Type", "application/json"],
          ["User-Agent", "agent"],
        ],
        body: '{\r\n\t"a": 1\r\n}',
      },
      { jwt: { issuer: ISSUER, audience: [AUDIENCE] }, fetch: issuer.fetch },
    );

    // The fixture's keys, minus stageVariables (none here) and authentication (mTLS only).
    expect(Object.keys(event).sort()).toEqual(
      [
        "version",
        "routeKey",
        "rawPath",
        "rawQueryString",
        "cookies",
        "headers",
        "queryStringParameters",
        "pathParameters",
        "requestContext",
        "body",
        "isBase64Encoded",
      ].sort(),
    );
    expect(Object.keys(event.requestContext).sort()).toEqual(
      [
        "accountId",
        "apiId",
        "authorizer",
        "domainName",
        "domainPrefix",
        "http",
        "requestId",
        "routeKey",
        "stage",
        "time",
        "timeEpoch",
      ].sort(),
    );
    expect(event).toMatchObject({
      version: "2.0",
      routeKey: "POST /my/{proxy+}",
      rawPath: "/my/hello/world",
      rawQueryString: "parameter1=value1&parameter1=value2&parameter2=value",
      cookies: ["cookie1", "cookie2"],
      headers: { header1: "value1" },
      queryStringParameters: { parameter1: "value1,value2", parameter2: "value" },
      pathParameters: { proxy: "hello/world" },
      body: '{\r\n\t"a": 1\r\n}',
      isBase64Encoded: false,
      requestContext: {
        routeKey: "POST /my/{proxy+}",
        stage: "$default",
        domainName: `127.0.0.1:${gateway?.port}`,
        domainPrefix: "127",
        time: "21/Apr/2026:15:08:21 +0000",
        timeEpoch: NOW,
        http: {
          method: "POST",
          path: "/my/hello/world",
          protocol: "HTTP/1.1",
          sourceIp: "127.0.0.1",
          userAgent: "agent",
        },
        authorizer: { jwt: { scopes: null } },
      },
    });
    expect(event.requestContext.accountId).toMatch(/^\d{12}$/);
    expect(event.requestContext.requestId).toMatch(/^[A-Za-z0-9_-]{15}=$/);
    expect(response.headers["apigw-requestid"]).toBe(event.requestContext.requestId);
  });

  it("leaves out what a bare GET does not have, but keeps isBase64Encoded", async () => {
    const { event } = await eventFor("GET /x", "/x");
    for (const absent of ["cookies", "queryStringParameters", "pathParameters", "body"]) {
      expect(event).not.toHaveProperty(absent);
    }
    expect(event).not.toHaveProperty("stageVariables");
    expect(event.requestContext).not.toHaveProperty("authorizer");
    expect(event.rawQueryString).toBe("");
    expect(event.isBase64Encoded).toBe(false);
  });
});

describe("headers and cookies", () => {
  it("lower-cases names, joins repeats with a bare comma and adds the gateway's own", async () => {
    const { event } = await eventFor("GET /x", "/x", {
      headers: [
        ["X-Multi", "a"],
        ["x-multi", "b"],
        ["Accept", "text/html, */*"],
      ],
    });
    expect(event.headers).toMatchObject({
      "x-multi": "a,b",
      accept: "text/html, */*",
      "x-forwarded-for": "127.0.0.1",
      "x-forwarded-port": String(gateway?.port),
      "x-forwarded-proto": "http",
    });
    expect(event.headers["x-amzn-trace-id"]).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(Object.keys(event.headers).every((name) => name === name.toLowerCase())).toBe(true);
  });

  it("appends the client address to an x-forwarded-for it was sent", async () => {
    const { event } = await eventFor("GET /x", "/x", {
      headers: [["X-Forwarded-For", "203.0.113.9"]],
    });
    expect(event.headers["x-forwarded-for"]).toBe("203.0.113.9, 127.0.0.1");
  });

  it("sets cloudfront-viewer-address to the client's address and port, over what it sent", async () => {
    const { event, response } = await eventFor("GET /x", "/x", {
      headers: [
        ["CloudFront-Viewer-Address", "203.0.113.9:443"],
        ["X-Forwarded-For", "198.51.100.7"],
      ],
      localAddress: "127.0.0.2",
    });
    expect(event.headers["cloudfront-viewer-address"]).toBe(`127.0.0.2:${response.clientPort}`);
    expect(event.requestContext.http.sourceIp).toBe("127.0.0.2");
  });

  it("gathers every Cookie header into cookies and removes the cookie header", async () => {
    const { event } = await eventFor("GET /x", "/x", {
      headers: [
        ["Cookie", "a=1; b=2"],
        ["Cookie", "c=3"],
      ],
    });
    expect(event.cookies).toEqual(["a=1", "b=2", "c=3"]);
    expect(event.headers).not.toHaveProperty("cookie");
  });
});

describe("query string", () => {
  it.each([
    ["a=1", "a=1", { a: "1" }],
    ["a=1&a=2&b=", "a=1&a=2&b=", { a: "1,2", b: "" }],
    ["q=caf%C3%A9%20au+lait", "q=caf%C3%A9%20au+lait", { q: "café au lait" }],
    ["k%26=v%3D&flag", "k%26=v%3D&flag", { "k&": "v=", flag: "" }],
  ])("?%s", async (query, raw, expected) => {
    const { event } = await eventFor("GET /x", `/x?${query}`);
    expect(event.rawQueryString).toBe(raw);
    expect(event.queryStringParameters).toEqual(expected);
  });

  it("keeps rawPath encoded and decodes path parameters", async () => {
    const { event } = await eventFor("GET /files/{key+}", "/files/a%20b/c%2Fd");
    expect(event.rawPath).toBe("/files/a%20b/c%2Fd");
    expect(event.pathParameters).toEqual({ key: "a b/c/d" });
  });
});

describe("body encoding (isBase64Encoded follows the request content-type)", () => {
  const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x10]);
  it.each([
    ["application/json", '{"a":"é"}', false],
    ["application/json; charset=utf-8", "[1]", false],
    ["text/plain", "héllo", false],
    ["text/csv", "a,b", false],
    ["application/xml", "<a/>", false],
    ["application/javascript", "let a", false],
    ["application/x-www-form-urlencoded", "a=1&b=2", true],
    ["multipart/form-data; boundary=x", "--x--", true],
    ["application/octet-stream", bytes, true],
    ["image/png", bytes, true],
    ["application/problem+json", "{}", true],
    [undefined, "no type", true],
  ])("%s → base64: %s", async (contentType, body, base64) => {
    const headers: [string, string][] = contentType ? [["content-type", contentType]] : [];
    const { event } = await eventFor("POST /x", "/x", { method: "POST", headers, body });
    const sent = Buffer.from(body);
    expect(event.isBase64Encoded).toBe(base64);
    expect(event.body).toBe(base64 ? sent.toString("base64") : sent.toString("utf8"));
  });
});
