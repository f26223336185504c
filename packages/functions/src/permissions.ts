import { bucket } from "@sharespace/core/bucket";
import type { QueueName } from "@sharespace/core/queue";
import type { ApiFunction } from "./routes";

/**
 * Every Lambda function of the app: the API's, Process (fed by the bucket's events), Purge
 * (removes deleted accounts' data) and Notify (share notification emails), each fed by its
 * queue, and Sweep (run on a schedule).
 */
export type FunctionName = ApiFunction | "Process" | "Sweep" | "Purge" | "Notify";

/**
 * Actions on the media bucket: on the bucket itself (`ListBucket`), on every object, or on
 * the objects under a key prefix.
 */
export interface BucketGrant {
  actions: readonly `s3:${string}`[];
  on: "bucket" | "objects" | { prefix: string };
}

/** Actions on one of the app's queues (`core/queue.ts`), as a producer. */
export interface QueueGrant {
  actions: readonly `sqs:${string}`[];
  queue: QueueName;
}

/** What a function may do beyond what its links grant. */
export interface FunctionPermissions {
  bucket: readonly BucketGrant[];
  /** Table actions on the table itself (its links already grant item access, see below). */
  table: readonly `dynamodb:${string}`[];
  /**
   * Sending to queues. A link to a queue grants only its URL; a queue's consumer gets what
   * reading it takes from its subscription.
   */
  queues?: readonly QueueGrant[];
  /** Links the email sender, which grants {@link emailLinkActions}. */
  email?: true;
}

/**
 * What a link to the email sender grants (`infra/email.ts`): sending, on the account's SES
 * identities and the sender's configuration set. (A link normally grants `ses:*`.)
 */
export const emailLinkActions = ["ses:SendEmail"] as const;

/** The SES resources {@link emailLinkActions} apply to, for the configuration set `configSet`. */
export const emailLinkResources = (configSet: string) => [
  "arn:aws:ses:*:*:identity/*",
  `arn:aws:ses:*:*:configuration-set/${configSet}`,
];

/**
 * What a link to the table grants: item reads and writes, and the Query that every list
 * uses. Never Scan, never table administration. (A link normally grants `dynamodb:*`.)
 */
export const tableLinkActions = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
] as const;

/** `HeadBucket`, and `HeadObject` answering 404 rather than 403 for a missing object. */
const listBucket: BucketGrant = { actions: ["s3:ListBucket"], on: "bucket" };

/**
 * Each function's permissions, declared once: `infra/` grants them and the infra test
 * checks that each function's role holds exactly these, plus its links' grants. A link to
 * the bucket grants nothing but its name, so every S3 action is listed here. Presigned
 * URLs act with the signer's permissions: a function can only hand out what it may do.
 */
export const permissions = {
  // Accounts, sessions and tokens: the table, and email (verification, password reset, and
  // on verifying, what was shared while the email was unverified).
  Auth: { bucket: [], table: [], email: true },
  // The signed-in user; deleting the account removes its objects and open uploads. The
  // health check describes the table and heads the bucket.
  User: {
    bucket: [
      listBucket,
      { actions: ["s3:DeleteObject", "s3:AbortMultipartUpload"], on: "objects" },
    ],
    table: ["dynamodb:DescribeTable"],
    // Deleting the account queues its purge.
    queues: [{ actions: ["sqs:SendMessage"], queue: "AccountPurge" }],
  },
  // Upload (presigned PUT or multipart), read, edit and delete media.
  Media: {
    bucket: [
      {
        actions: [
          "s3:PutObject",
          "s3:GetObject",
          "s3:DeleteObject",
          "s3:AbortMultipartUpload",
          "s3:ListMultipartUploadParts",
        ],
        on: "objects",
      },
      listBucket,
    ],
    table: [],
  },
  // Shares and links: presigned GETs for the people and links a medium is shared with. A
  // new share opens its recipient's notification window.
  Share: {
    bucket: [{ actions: ["s3:GetObject"], on: "objects" }],
    table: [],
    queues: [{ actions: ["sqs:SendMessage"], queue: "ShareNotify" }],
  },
  // Reads the original and deletes one that is not what it claims to be; writes
  // derivatives only (a Process that wrote under `originals/` could feed itself). An event
  // can arrive after the object is gone: ListBucket makes HeadObject answer 404, not 403.
  Process: {
    bucket: [
      { actions: ["s3:GetObject", "s3:DeleteObject"], on: { prefix: bucket.prefixes.originals } },
      { actions: ["s3:PutObject"], on: { prefix: bucket.prefixes.derived } },
      listBucket,
    ],
    table: [],
  },
  // Removes a deleted account's objects (each item's, then whatever is left under its
  // prefixes) and aborts its uploads in flight.
  Purge: {
    bucket: [
      { actions: ["s3:DeleteObject", "s3:AbortMultipartUpload"], on: "objects" },
      listBucket,
    ],
    table: [],
    // Hands the rest of a large library on to its next invocation.
    queues: [{ actions: ["sqs:SendMessage"], queue: "AccountPurge" }],
  },
  // Sends share notification emails; a message that came early goes back to its queue.
  Notify: {
    bucket: [],
    table: [],
    email: true,
    queues: [{ actions: ["sqs:SendMessage"], queue: "ShareNotify" }],
  },
  // Removes uploads never completed (their parts and objects) and the objects of items whose
  // processing never finished; lists an item's derivatives to remove them. Sends an item
  // stuck in processing back to the Processing queue, once.
  Sweep: {
    bucket: [
      { actions: ["s3:DeleteObject", "s3:AbortMultipartUpload"], on: "objects" },
      listBucket,
    ],
    table: [],
    queues: [{ actions: ["sqs:SendMessage"], queue: "Processing" }],
  },
} as const satisfies Record<FunctionName, FunctionPermissions>;
