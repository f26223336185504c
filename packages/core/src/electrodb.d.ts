/** ElectroDB's own client wrapper (its package declares no types for this module). */
declare module "electrodb/src/client" {
  /** Sends ElectroDB's requests with `client`, constructing commands from `lib`. */
  export class DocumentClientV3Wrapper {
    constructor(client: unknown, lib: Record<string, unknown>);
  }
}
