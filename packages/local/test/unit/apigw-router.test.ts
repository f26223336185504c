import { describe, expect, it } from "vitest";
import { createRouter, RouteKeyError } from "../../src/apigw/router";

const router = (keys: string[]) =>
  createRouter(keys.map((routeKey) => ({ routeKey, target: routeKey })));

describe("route selection", () => {
  // The example of AWS's "Routing API requests" section, plus the $default catch-all.
  const aws = router([
    "GET /pets/dog/1",
    "GET /pets/dog/{id}",
    "GET /pets/{proxy+}",
    "ANY /{proxy+}",
    "$default",
  ]);

  it.each([
    ["GET", "/pets/dog/1", "GET /pets/dog/1"],
    ["GET", "/pets/dog/2", "GET /pets/dog/{id}"],
    ["GET", "/pets/cat/1", "GET /pets/{proxy+}"],
    ["GET", "/test/5", "ANY /{proxy+}"],
    ["POST", "/pets/dog/1", "ANY /{proxy+}"],
    ["GET", "/", "$default"],
  ])("%s %s → %s", (method, path, expected) => {
    expect(aws(method, path)?.routeKey).toBe(expected);
  });

  it("prefers the exact method over ANY on the same path", () => {
    const match = router(["ANY /x", "GET /x"]);
    expect(match("GET", "/x")?.routeKey).toBe("GET /x");
    expect(match("DELETE", "/x")?.routeKey).toBe("ANY /x");
  });

  it("prefers a literal segment over a variable, left to right", () => {
    const match = router(["GET /a/{x}/c", "GET /a/b/{y}", "GET /{z}/b/c"]);
    expect(match("GET", "/a/b/c")?.routeKey).toBe("GET /a/b/{y}");
  });

  it("prefers the longer greedy prefix", () => {
    const match = router(["GET /{proxy+}", "GET /api/{proxy+}", "GET /api/media/{proxy+}"]);
    expect(match("GET", "/api/media/1/2")?.routeKey).toBe("GET /api/media/{proxy+}");
    expect(match("GET", "/api/other")?.routeKey).toBe("GET /api/{proxy+}");
  });

  it.each([
    ["a trailing slash", "GET", "/x/"],
    ["a different case", "GET", "/X"],
    ["HEAD on a GET route", "HEAD", "/x"],
    ["an empty variable", "GET", "/items/"],
    ["the greedy route's own root", "GET", "/files"],
    ["an extra segment", "GET", "/x/y"],
  ])("does not match %s", (_, method, path) => {
    const match = router(["GET /x", "GET /items/{id}", "GET /files/{path+}"]);
    expect(match(method, path)).toBeUndefined();
  });

  it("answers nothing when there is no $default", () => {
    expect(router(["GET /x"])("GET", "/y")).toBeUndefined();
  });
});

describe("path parameters", () => {
  const match = router(["GET /media/{id}", "GET /files/{key+}", "GET /plain"]);

  it.each([
    ["/media/abc", { id: "abc" }],
    ["/media/a%20b%2Fc", { id: "a b/c" }],
    ["/media/caf%C3%A9", { id: "café" }],
    ["/media/100%", { id: "100%" }],
    ["/files/a/b/c.jpg", { key: "a/b/c.jpg" }],
    ["/files/a%2Fb/c%20d", { key: "a/b/c d" }],
  ])("%s → %j", (path, expected) => {
    expect(match("GET", path)?.pathParameters).toEqual(expected);
  });

  it("leaves pathParameters out when the route has no variable", () => {
    expect(match("GET", "/plain")).toEqual({ routeKey: "GET /plain", target: "GET /plain" });
  });

  it("gives $default the whole path and no parameters", () => {
    expect(router(["$default"])("PATCH", "/any/thing")).toEqual({
      routeKey: "$default",
      target: "$default",
    });
  });
});

describe("route keys", () => {
  it.each([
    ["GET /x/"],
    ["GET x"],
    ["FETCH /x"],
    ["GET /{proxy+}/x"],
    ["GET /a//b"],
    ["GET /a{b}"],
    ["get /x"],
  ])("rejects %j", (routeKey) => {
    expect(() => router([routeKey])).toThrow(RouteKeyError);
  });

  it("rejects duplicates", () => {
    expect(() => router(["GET /x", "GET /x"])).toThrow(RouteKeyError);
    expect(() => router(["$default", "$default"])).toThrow(RouteKeyError);
  });

  it("accepts the root path", () => {
    expect(router(["GET /"])("GET", "/")?.routeKey).toBe("GET /");
  });
});
