/**
 * Opaque list cursors: base64url of the last key a page read, checked on the way back in.
 * A cursor is input like any other: one that does not decode, does not have exactly the
 * key attributes of its index, is not in the keys' canonical form, or points into somebody
 * else's partition answers `invalid_request`, never a 500 (and never another user's data).
 *
 * ```ts
 * const page = await entity.query.byOwner({ ownerId }).go({
 *   cursor: Cursor.decode(query.cursor, Cursor.forIndex(entity, "byOwner", (c) => c.ownerId === ownerId)),
 * });
 * return { items, nextCursor: Cursor.encode(page.cursor) };
 * ```
 * @module
 */
import { invalid } from "./error";

/** A DynamoDB key as a page's `LastEvaluatedKey` holds it. */
export type PageKey = Record<string, string>;

/** Checks a decoded key; answers the key to resume from, or `undefined` to refuse it. */
export type KeyCheck = (key: PageKey) => PageKey | undefined;

const MAX_CURSOR_CHARS = 2048;

const refuse = () =>
  invalid("The cursor is not valid: use the nextCursor of the previous page.", [
    { path: "query.cursor", message: "Not a cursor this list gave out." },
  ]);

/** What ElectroDB reads and writes as a cursor: base64url of the key's JSON. */
const toElectro = (key: PageKey) => Buffer.from(JSON.stringify(key)).toString("base64url");

export const Cursor = {
  /**
   * The opaque cursor of a page's last key (ElectroDB's cursor, or a key), with the key's
   * attributes in a fixed order; `null` at the end of the list.
   */
  encode(key: string | PageKey | null | undefined): string | null {
    if (!key) return null;
    const parsed = typeof key === "string" ? parseKey(key) : key;
    if (!parsed) return null;
    const sorted = Object.fromEntries(
      Object.entries(parsed).sort(([a], [b]) => a.localeCompare(b)),
    );
    return toElectro(sorted);
  },

  /**
   * The cursor to hand ElectroDB, or `undefined` for none; `invalid_request` unless `check`
   * accepts the decoded key.
   */
  decode(cursor: string | undefined, check: KeyCheck): string | undefined {
    if (cursor === undefined || cursor === "") return undefined;
    if (cursor.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw refuse();
    const key = parseKey(cursor);
    const accepted = key && check(key);
    if (!accepted) throw refuse();
    return toElectro(accepted);
  },

  /**
   * A {@link KeyCheck} for an ElectroDB index: the key must read back as that index's
   * composite attributes (table key included), rebuild to exactly the same key, and the
   * composite must satisfy `belongs` (the caller's partition, a range bound).
   */
  forIndex<C>(
    convert: {
      fromKeys: { toComposite: (keys: PageKey) => unknown };
      fromComposite: { toKeys: (composite: never) => unknown };
    },
    belongs: (composite: C) => boolean,
  ): KeyCheck {
    return (key) => {
      try {
        const composite = convert.fromKeys.toComposite(key) as C;
        if (!composite || typeof composite !== "object") return undefined;
        const rebuilt = convert.fromComposite.toKeys(composite as never) as PageKey;
        if (!sameKey(rebuilt, key) || !belongs(composite)) return undefined;
        return key;
      } catch {
        return undefined;
      }
    };
  },
};

/** A key object of string values only, or `undefined`. */
function parseKey(cursor: string): PageKey | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
    const entries = Object.entries(value);
    if (!entries.length || entries.length > 8) return undefined;
    if (!entries.every(([, v]) => typeof v === "string" && v.length <= 1024)) return undefined;
    return Object.fromEntries(entries) as PageKey;
  } catch {
    return undefined;
  }
}

const sameKey = (a: PageKey, b: PageKey) => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
};
