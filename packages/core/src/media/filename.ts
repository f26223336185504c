import { limits } from "../limits";

/** Control characters (C0, DEL, C1) and the invisible marks that reorder or hide text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu;

/** The longest extension kept whole when a long name is shortened (`.jpeg`, `.heic`). */
const MAX_EXTENSION = 10;

/**
 * A filename fit to store and to offer as a download name: the last segment of any path
 * (`/` or `\`), without control or bidirectional-override characters, Unicode kept and in
 * NFC, trimmed, at most {@link limits.media.filenameMaxChars} code points with its extension
 * kept; `untitled` when nothing is left.
 */
export function sanitizeFilename(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? "";
  const name = base.normalize("NFC").replace(UNSAFE, "").trim();
  if (!name || name === "." || name === "..") return "untitled";
  const chars = [...name];
  const max = limits.media.filenameMaxChars;
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 ? [...name.slice(dot)] : [];
  if (extension.length < 2 || extension.length > MAX_EXTENSION)
    return chars.slice(0, max).join("").trim();
  const stem = [...name.slice(0, dot)]
    .slice(0, max - extension.length)
    .join("")
    .trim();
  return `${stem}${extension.join("")}`;
}
