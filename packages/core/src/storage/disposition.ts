/**
 * `Content-Disposition: attachment` for a download, with the original filename (RFC 6266).
 * Every browser reads `filename*` (RFC 8187, formerly RFC 5987: UTF-8, percent-encoded), so
 * Unicode names survive; `filename` carries an ASCII fallback for the few clients that don't.
 */
export function attachment(filename: string): string {
  const name = clean(filename) || "download";
  const fallback = asciiFallback(name) || "download";
  const header = `attachment; filename="${fallback}"`;
  return fallback === name ? header : `${header}; filename*=UTF-8''${encodeExtValue(name)}`;
}

/** No control characters and no path: a filename, not a place to write to. */
function clean(filename: string): string {
  const base = filename.split(/[/\\]/).pop() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
  return base.replace(/[\u0000-\u001f\u007f-\u009f]/g, "").trim();
}

/** Printable ASCII only, without the characters a quoted-string would have to escape. */
function asciiFallback(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // é → e
    .replace(/[^\x20-\x7e]/gu, "_")
    .replace(/["\\]/g, "_")
    .replace(/%/g, "_"); // some browsers percent-decode `filename`
}

/** RFC 8187 `value-chars`: attr-char stays, every other UTF-8 byte is percent-encoded. */
function encodeExtValue(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
