import { describe, expect, it } from "vitest";
import { createCookieJar, parseSetCookie } from "../cookies";

describe("the test client's cookie jar", () => {
  it("parses a set-cookie line", () => {
    expect(
      parseSetCookie("ss_refresh=abc; HttpOnly; SameSite=Strict; Path=/api/auth; Max-Age=60"),
    ).toEqual({
      name: "ss_refresh",
      value: "abc",
      path: "/api/auth",
      expired: false,
    });
    expect(parseSetCookie("ss_refresh=; Path=/api/auth; Max-Age=0").expired).toBe(true);
  });

  it("sends a cookie only under its path, and forgets a cleared one", () => {
    const jar = createCookieJar();
    jar.store(["ss_refresh=abc; Path=/api/auth", "theme=dark"], "/api/auth/login");
    expect(jar.cookiesFor("/api/auth/refresh")).toEqual({ ss_refresh: "abc", theme: "dark" });
    expect(jar.cookiesFor("/api/me")).toEqual({});
    expect(jar.cookiesFor("/api/authority")).toEqual({});
    jar.store(["ss_refresh=; Path=/api/auth; Max-Age=0"], "/api/auth/logout");
    expect(jar.cookiesFor("/api/auth/refresh")).toEqual({ theme: "dark" });
  });
});
