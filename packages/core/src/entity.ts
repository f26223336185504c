/**
 * The key conventions every ElectroDB entity of the table shares, so an entity declares
 * only what is its own (attributes, and which attributes make up which key):
 *
 * - one service name and a version per entity (`model`);
 * - the table's generic key fields (`pk`/`sk`, `gsi1pk`/`gsi1sk`, `gsi2pk`/`gsi2sk`, from
 *   `table.ts`) rather than attribute-named ones;
 * - key values kept exactly as given (`casing: "none"`): tokens and ids are case-sensitive,
 *   and lower-casing them would merge distinct values (emails are lower-cased by their schema);
 * - expiry in the table's TTL attribute (`expires`).
 * @module
 */
import { table } from "./table";

/** The ElectroDB service name: the first part of every partition key. */
export const SERVICE = "sharespace";

/** The `model` block of an entity. Bump `version` when the shape of its keys changes. */
export const model = <const E extends string>(entity: E, version = "1") =>
  ({ entity, version, service: SERVICE }) as const;

const key = <const F extends string, const C extends readonly string[]>(field: F, composite: C) =>
  ({ field, composite, casing: "none" }) as const;

/**
 * The table's primary index: `pk` from the attributes in `pk`, `sk` from those in `sk`
 * (none: one item per partition and entity).
 */
export const primaryIndex = <
  const P extends readonly string[],
  const S extends readonly string[] = readonly [],
>(
  pk: P,
  sk: S = [] as unknown as S,
) =>
  ({
    pk: key(table.primaryIndex.hashKey, pk),
    sk: key(table.primaryIndex.rangeKey, sk),
  }) as const;

/** A global secondary index of the table (`gsi1`, `gsi2`), keyed like {@link primaryIndex}. */
export const globalIndex = <
  const I extends keyof typeof table.globalIndexes,
  const P extends readonly string[],
  const S extends readonly string[] = readonly [],
>(
  index: I,
  pk: P,
  sk: S = [] as unknown as S,
) =>
  ({
    index,
    pk: key(table.globalIndexes[index].hashKey, pk),
    sk: key(table.globalIndexes[index].rangeKey, sk),
  }) as const;

/**
 * The TTL attribute: epoch seconds after which DynamoDB deletes the item. DynamoDB deletes
 * expired items lazily (within days), so code that reads one still checks the time itself.
 */
export const expires = { [table.ttl]: { type: "number", required: true } } as const;
