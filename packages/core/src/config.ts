import { Resource } from "sst";

/**
 * What core needs from its environment, read through SST's typed links. Read lazily:
 * the SST SDK loads links on first access, and tests set them per file.
 */
export const config = {
  tableName: () => Resource.Table.name,
  bucketName: () => Resource.Media.name,
  issuer: () => Resource.Issuer,
  /** Where the sweep sends items stuck in processing back to (`media/process/redrive.ts`). */
  processingQueueUrl: () => Resource.Processing.url,
};
