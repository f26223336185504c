/**
 * The one DynamoDB table, declared once. `infra/storage.ts` passes these fields to
 * `sst.aws.Dynamo`, and the local stack turns them into a `CreateTable` call, so the
 * deployed table and the offline one cannot drift. Entities (ElectroDB) map onto these
 * generic key attributes.
 */
export const table = {
  fields: {
    pk: "string",
    sk: "string",
    gsi1pk: "string",
    gsi1sk: "string",
    gsi2pk: "string",
    gsi2sk: "string",
  },
  primaryIndex: { hashKey: "pk", rangeKey: "sk" },
  globalIndexes: {
    gsi1: { hashKey: "gsi1pk", rangeKey: "gsi1sk" },
    gsi2: { hashKey: "gsi2pk", rangeKey: "gsi2sk" },
  },
  /** Epoch seconds after which DynamoDB deletes the item (sessions, throttles, stale uploads). */
  ttl: "expiresAt",
} as const;

export type TableDefinition = typeof table;
