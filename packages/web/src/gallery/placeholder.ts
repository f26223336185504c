import { thumbHashToDataURL } from "thumbhash";

/**
 * ThumbHash placeholders as PNG data URLs, painted the moment a tile appears. Decoding one
 * takes a fraction of a millisecond; the cache keeps the tiles on screen (and a margin)
 * from decoding twice without holding every placeholder of a large library.
 */
const cache = new Map<string, string>();
const MAX = 2_000;

export function placeholderUrl(hash: string | undefined): string | undefined {
  if (!hash) return undefined;
  const known = cache.get(hash);
  if (known) return known;
  let url: string | undefined;
  try {
    url = thumbHashToDataURL(Uint8Array.from(atob(hash), (char) => char.charCodeAt(0)));
  } catch {
    return undefined;
  }
  if (cache.size >= MAX) cache.delete(cache.keys().next().value as string);
  cache.set(hash, url);
  return url;
}
