/**
 * The security headers of every answer of the app's origin, declared once: deployed,
 * `infra/web.ts` puts them in a CloudFront response headers policy on the router; locally,
 * the stack sends the same ones from this module. Only the sources differ: the bucket's
 * origin (where presigned URLs point) and, under Vite's dev server, a nonce for the scripts
 * and styles Vite injects.
 * @module
 */

/** HSTS: a year. No `includeSubDomains`: the app may live on a subdomain of a domain whose
 * other hosts are not ours to pin to HTTPS. */
export const strictTransportSecurity = { maxAgeSeconds: 365 * 24 * 60 * 60 } as const;

export const referrerPolicy = "strict-origin-when-cross-origin";

/** Powerful features nothing in the app uses are off; sharing and copying links stay on. */
export const permissionsPolicy = [
  "camera=()",
  "microphone=()",
  "geolocation=()",
  "payment=()",
  "usb=()",
  "browsing-topics=()",
  "clipboard-write=(self)",
  "web-share=(self)",
  "fullscreen=(self)",
].join(", ");

/** What a page of the app may load, besides its own origin. */
export interface PolicySources {
  /** The media bucket's origin: thumbnails, previews, videos and uploads go there directly. */
  bucketOrigin: string;
  /** A nonce for the tags Vite's dev server injects (local stack only; never deployed). */
  nonce?: string;
}

/**
 * The Content-Security-Policy. No inline script and no `eval` (WebAssembly compilation is
 * allowed: the upload hasher is WASM); images, media and requests only from the app and the
 * bucket; `data:` and `blob:` images for placeholders and poster frames; never framed.
 */
export function contentSecurityPolicy({ bucketOrigin, nonce }: PolicySources): string {
  const dev = nonce ? [`'nonce-${nonce}'`] : [];
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'", ...dev],
    "style-src": ["'self'", ...dev],
    "img-src": ["'self'", "data:", "blob:", bucketOrigin],
    "media-src": ["'self'", "blob:", bucketOrigin],
    "connect-src": ["'self'", bucketOrigin],
    "worker-src": ["'self'", "blob:"],
    "font-src": ["'self'"],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}

/** Every security header, as the local stack sends them (CloudFront sends the same). */
export function securityHeaders(sources: PolicySources): Record<string, string> {
  return {
    "strict-transport-security": `max-age=${strictTransportSecurity.maxAgeSeconds}`,
    "content-security-policy": contentSecurityPolicy(sources),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": referrerPolicy,
    "permissions-policy": permissionsPolicy,
  };
}
