import {
  type BucketGrant,
  type FunctionName,
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

/** The `permissions` of the function `name`, as declared in `packages/functions/src/permissions.ts`. */
export function permissionsOf(name: FunctionName) {
  const { bucket: grants, table: actions } = permissions[name];
  return [
    ...grants.map(bucketGrant),
    ...(actions.length > 0
      ? [sst.aws.permission({ actions: [...actions], resources: [table.arn] })]
      : []),
  ];
}
