/**
 * The resource graph a mocked `sst diff` produces: every resource the program registered,
 * with the inputs it would have sent to the Pulumi engine. Written by the Pulumi stand-in
 * (`pulumi.ts`) and read by the checks (`checks.ts`).
 * @module
 */

/** One resource as the program registered it. */
export interface GraphResource {
  urn: string;
  /** The physical id the mocks gave it; "" for a component. */
  id: string;
  /** Pulumi type token, e.g. `aws:lambda/function:Function`, or `sst:aws:Function` for a component. */
  type: string;
  /** The logical name (the last part of the URN). */
  name: string;
  /** false for components (SST's own `sst:*` types and `pulumi:pulumi:Stack`). */
  custom: boolean;
  parent: string;
  /** The URNs it depends on. */
  dependencies: string[];
  /**
   * Inputs with secrets unwrapped, assets and archives as `{ path }` (or an archive's
   * `{ assets }`) and resource references as their URN. Components register no inputs.
   */
  inputs: Record<string, unknown>;
  /**
   * A resource's state as the mocks answered it (inputs and computed outputs), or what a
   * component registered as its outputs (SST's Function records its `_metadata.handler`).
   */
  outputs: Record<string, unknown>;
  protect: boolean;
  retainOnDelete: boolean;
}

/** What one mocked run of the program produced. */
export interface Graph {
  app: string;
  stage: string;
  resources: GraphResource[];
  /** Provider functions the program called (`aws:iam/getPolicyDocument:getPolicyDocument`, ...). */
  invokes: { token: string; inputs: Record<string, unknown> }[];
  /** The stack's outputs: what `run()` in `sst.config.ts` returned. */
  outputs: Record<string, unknown>;
  /** Errors the program raised, as `sst diff` would report them. */
  errors: string[];
  /** `urn: input path` of every input left unknown, i.e. computed from an output no mock gave. */
  unresolved: string[];
}

/** The Pulumi engine's markers inside serialized properties (`@pulumi/pulumi` `runtime/rpc`). */
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const ASSET = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE = "0def7320c3a5731c473e5ecbe6d01bc7";
const RESOURCE = "5cf8f73096256a8f31e491e813e4eb8e";
/** An input whose value is not known yet. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * Turns serialized properties into plain values, and lists the paths of unknown ones.
 * The graph should read like the program's intent, not like the wire format.
 */
export function plain(value: unknown, path: string, unknown: string[]): unknown {
  if (value === UNKNOWN) {
    unknown.push(path);
    return undefined;
  }
  if (Array.isArray(value)) return value.map((item, i) => plain(item, `${path}[${i}]`, unknown));
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  switch (record[SIG]) {
    case SECRET:
      return plain(record.value, path, unknown);
    case ASSET:
      return { path: record.path ?? null, text: record.text ?? null, uri: record.uri ?? null };
    case ARCHIVE:
      return record.assets
        ? { assets: plain(record.assets, `${path}.assets`, unknown) }
        : { path: record.path ?? null, uri: record.uri ?? null };
    case RESOURCE:
      return record.urn;
  }
  return Object.fromEntries(
    Object.entries(record).map(([key, item]) => [key, plain(item, `${path}.${key}`, unknown)]),
  );
}

/** The resources of one type. */
export const ofType = (graph: Graph, type: string) =>
  graph.resources.filter((resource) => resource.type === type);

/** How many resources of each type, sorted by type (so a diff of two counts reads well). */
export function countByType(graph: Graph): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { type } of graph.resources) counts[type] = (counts[type] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/** The resources whose parent chain reaches the component named `name`. */
export function within(graph: Graph, name: string): GraphResource[] {
  const byUrn = new Map(graph.resources.map((resource) => [resource.urn, resource]));
  const inside = (resource: GraphResource): boolean => {
    for (let at = byUrn.get(resource.parent); at; at = byUrn.get(at.parent)) {
      if (at.name === name && !at.custom) return true;
    }
    return false;
  };
  return graph.resources.filter(inside);
}
