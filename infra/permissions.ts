import type { QueueName } from "../packages/core/src/queue";
import {
  type BucketGrant,
  type FunctionName,
  type FunctionPermissions,
  permissions,
} from "../packages/functions/src/permissions";
import { media, table } from "./storage";

/*
 * Links to the bucket carry only its name (see `infra/storage.ts`); each function gets the
 * S3 actions, and the table actions beyond item access, that `permissions.ts` declares.
 */
const bucketGrant = ({ actions, on }: BucketGrant) =>
  sst.aws.permission({
    actions: [...actions],
    resources: [
      on === "bucket"
        ? media.arn
        : $interpolate`${media.arn}/${on === "objects" ? "" : on.prefix}*`,
    ],
  });

/**
 * The `permissions` of the function `name`, as declared in `packages/functions/src/permissions.ts`.
 * A function that sends to queues is given them (`infra/queue.ts` makes them, after this).
 */
export function permissionsOf(
  name: FunctionName,
  queues: Partial<Record<QueueName, sst.aws.Queue>> = {},
) {
  const declared: FunctionPermissions = permissions[name];
  const { bucket: grants, table: actions } = declared;
  return [
    ...grants.map(bucketGrant),
    ...(actions.length > 0
      ? [sst.aws.permission({ actions: [...actions], resources: [table.arn] })]
      : []),
    ...(declared.queues ?? []).map((grant) => {
      const queue = queues[grant.queue];
      if (!queue) throw new Error(`${name} sends to the ${grant.queue} queue: pass it`);
      return sst.aws.permission({ actions: [...grant.actions], resources: [queue.arn] });
    }),
  ];
}
