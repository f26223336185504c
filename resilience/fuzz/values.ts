import * as v from "valibot";

/*
 * Values for the fuzz pass: hostile ones to put where a schema expects something else, and
 * plausible ones to fill the other fields, so that each bad value is checked on its own
 * rather than hidden behind a neighbour's failure.
 */

/** Nested `depth` levels deep: `{"a":{"a":...}}` or `[[...]]`. */
export function nested(depth: number, kind: "object" | "array"): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = kind === "object" ? { a: value } : [value];
  return value;
}

/** Strings that have broken parsers, normalisers, loggers and key builders elsewhere. */
export const hostileStrings: readonly string[] = [
  "",
  " ",
  "\t\n\r",
  "\u0000",
  "a\u0000b",
  "\ud800", // a lone surrogate: not well-formed Unicode
  "\udfff\ud800",
  "\u202egnp.exe", // right-to-left override
  "\u200b\u200c\u200d\ufeff", // invisible only
  "e\u0301".repeat(400), // combining marks
  "𝕏".repeat(300), // astral plane: 600 UTF-16 units
  "👩‍👩‍👧‍👦".repeat(50), // one grapheme of several code points
  "x".repeat(10_000),
  "x".repeat(60_000),
  "<script>alert(1)</script>",
  "../../../../etc/passwd",
  "..%2F..%2Fetc%2Fpasswd",
  "%00",
  "%E0%A4%A",
  "' OR '1'='1",
  '{"$ne":null}',
  "{{7*7}}#{7*7}",
  "__proto__",
  "constructor",
  "NaN",
  "Infinity",
  "-1",
  "0",
  "1e309",
  "9".repeat(400),
  "0x1f",
  "true",
  "null",
  "undefined",
  "2026-13-45T99:99:99Z",
  "1970-01-01T00:00:00Z",
  "9999-12-31T23:59:59.999Z",
  "+275760-09-13T00:00:00.000Z",
  "AAAA",
  "eyJwayI6IngiLCJzayI6InkifQ", // base64url of a JSON key that is nobody's
  "=".repeat(100),
  "😀@😀.😀",
  "a@b",
  "a".repeat(250) + "@example.com",
];

/** Values of every JSON type, including the awkward numbers and shapes. */
export const hostileValues: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  -0,
  1.5,
  2 ** 53 + 1,
  1e308,
  -1e308,
  [],
  [null],
  ["a", 1, {}],
  {},
  { __proto__: { admin: true } },
  JSON.parse('{"__proto__":{"polluted":true}}'),
  { constructor: { prototype: { polluted: true } } },
  nested(200, "object"),
  nested(200, "array"),
  Array.from({ length: 5000 }, (_, i) => i),
  ...hostileStrings,
];

/** Ids of the right shape that name nothing, and ids of every wrong shape. */
export const hostileIds: readonly string[] = [
  "01ARZ3NDEKTSV4RRFFQ69G5FAV",
  "00000000000000000000000000",
  "ZZZZZZZZZZZZZZZZZZZZZZZZZZ",
  "01arz3ndektsv4rrffq69g5fav",
  "01ARZ3NDEKTSV4RRFFQ69G5FA",
  "01ARZ3NDEKTSV4RRFFQ69G5FAVX",
  "00000000-0000-0000-0000-000000000000",
  ...hostileStrings.filter((s) => s.length > 0 && s.length < 2000),
];

type Node = v.GenericSchema & {
  type: string;
  entries?: Record<string, Node>;
  wrapped?: Node;
  item?: Node;
  options?: readonly unknown[];
  literal?: unknown;
  pipe?: readonly { kind: string; type: string; requirement?: unknown }[];
};

/** Candidates tried, in order, for a string field until one passes its schema. */
const stringCandidates = [
  "Fuzz",
  "fuzz@example.com",
  "violet-harbour-42",
  new Date(Date.UTC(2026, 0, 2)).toISOString(),
  "image/jpeg",
  "photo.jpg",
  "01ARZ3NDEKTSV4RRFFQ69G5FAV",
  "fuzz-link",
  "a",
];

/** A value the schema accepts, as close to ordinary as the schema allows (best effort). */
export function plausible(schema: v.GenericSchema): unknown {
  const node = schema as Node;
  const accepts = (value: unknown) => v.safeParse(schema, value).success;
  switch (node.type) {
    case "optional":
    case "nullish":
      return undefined;
    case "nullable":
      return plausible(node.wrapped as Node);
    case "object":
    case "strict_object":
    case "loose_object": {
      const value: Record<string, unknown> = {};
      for (const [key, entry] of Object.entries(node.entries ?? {})) {
        const field = plausible(entry);
        if (field !== undefined) value[key] = field;
      }
      return value;
    }
    case "array": {
      const min = requirement(node, "min_length") ?? requirement(node, "non_empty") ?? 1;
      return Array.from({ length: Math.max(1, Number(min)) }, () => plausible(node.item as Node));
    }
    case "picklist":
      return node.options?.[0];
    case "literal":
      return node.literal;
    case "union":
      return plausible(node.options?.[0] as Node);
    case "boolean":
      return true;
    case "number": {
      const min = requirement(node, "min_value");
      return [typeof min === "number" ? min : 1, 1, 0, 1024].find(accepts) ?? 1;
    }
    case "string":
      return stringCandidates.find(accepts) ?? "x";
    case "record":
      return {};
    default:
      return undefined;
  }
}

function requirement(node: Node, type: string) {
  return node.pipe?.find((action) => action.type === type)?.requirement;
}

/** The entries of an object schema (through optional and pipes), or undefined for others. */
export function entriesOf(schema: v.GenericSchema | undefined): Record<string, Node> | undefined {
  const node = schema as Node | undefined;
  if (!node) return undefined;
  if (node.type === "optional" || node.type === "nullable") return entriesOf(node.wrapped);
  return node.entries;
}
