/** The little of RFC 6265 a test client needs: name, value, path scoping and deletion. */

/** One `set-cookie` line, parsed. */
export interface SetCookie {
  name: string;
  value: string;
  /** The `Path` attribute, if any. */
  path?: string;
  /** True for `Max-Age=0` (or negative) and an `Expires` in the past: the cookie is deleted. */
  expired: boolean;
}

export function parseSetCookie(line: string): SetCookie {
  const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
  const eq = pair.indexOf("=");
  const cookie: SetCookie = {
    name: eq < 0 ? pair : pair.slice(0, eq),
    value: eq < 0 ? "" : pair.slice(eq + 1),
    expired: false,
  };
  for (const attribute of attributes) {
    const [key = "", value = ""] = attribute.split("=", 2);
    const name = key.toLowerCase();
    if (name === "path") cookie.path = value;
    if (name === "max-age" && Number(value) <= 0) cookie.expired = true;
    if (name === "expires" && Date.parse(value) <= Date.now()) cookie.expired = true;
  }
  return cookie;
}

/** Cookies kept between requests, like a browser's for one site. */
export interface CookieJar {
  /** The cookies a request to `path` carries. */
  cookiesFor(path: string): Record<string, string>;
  /** Keeps (or deletes) the cookies an answer to a request for `path` set. */
  store(setCookies: readonly string[], requestPath: string): void;
  clear(): void;
}

export function createCookieJar(): CookieJar {
  const cookies = new Map<string, { value: string; path: string }>();
  return {
    cookiesFor(path) {
      const pathname = path.split("?", 1)[0] ?? "/";
      const matching = [...cookies].filter(([, c]) => pathMatches(pathname, c.path));
      return Object.fromEntries(matching.map(([name, c]) => [name, c.value]));
    },
    store(setCookies, requestPath) {
      for (const line of setCookies) {
        const cookie = parseSetCookie(line);
        if (cookie.expired) cookies.delete(cookie.name);
        else
          cookies.set(cookie.name, {
            value: cookie.value,
            path: cookie.path ?? defaultPath(requestPath),
          });
      }
    },
    clear: () => cookies.clear(),
  };
}

/** RFC 6265 §5.1.4. */
function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/";
}

/** RFC 6265 §5.1.4: the request path up to its last `/`. */
function defaultPath(requestPath: string): string {
  const pathname = requestPath.split("?", 1)[0] ?? "/";
  const slash = pathname.lastIndexOf("/");
  return slash <= 0 ? "/" : pathname.slice(0, slash);
}
