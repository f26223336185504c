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
  /** Where a deleted account's purge is queued (`account/deletion.ts`, and Purge itself). */
  accountPurgeQueueUrl: () => Resource.AccountPurge.url,
  /** Where share notifications wait for their window to close (`share/notice.ts`). */
  shareNotifyQueueUrl: () => Resource.ShareNotify.url,
  /** The web app's origin: the issuer's URL without `/api` (links in emails, the Origin check). */
  appOrigin: () => new URL(Resource.Issuer.url).origin,
  /** The sender SES sends as (`sst.aws.Email`'s identity: an address, or a domain). */
  mailSender: () => Resource.Email.sender,
  /** SES's configuration set for the app's mail (sending events). */
  mailConfigSet: () => Resource.Email.configSet,
};
