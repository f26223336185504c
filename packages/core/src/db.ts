import { Service } from "electrodb";
import { EmailEntity, EmailTokenEntity, UserEntity } from "./account/entity";
import { AccountPurgeEntity } from "./account/purge-entity";
import { dynamo } from "./clients";
import { config } from "./config";
import { electroClient } from "./electrodb-client";
import { LinkEntity, LinkVisitEntity, SlugEntity } from "./link/entity";
import { ChecksumEntity, MediaEntity, MonthCountEntity, UsageEntity } from "./media/entity";
import { RefreshTokenEntity, SessionEntity } from "./session/entity";
import { ShareEntity, ShareNoticeEntity } from "./share/entity";
import { ThrottleEntity } from "./throttle/entity";

const create = () =>
  new Service(
    {
      user: UserEntity,
      email: EmailEntity,
      emailToken: EmailTokenEntity,
      session: SessionEntity,
      refreshToken: RefreshTokenEntity,
      throttle: ThrottleEntity,
      media: MediaEntity,
      usage: UsageEntity,
      monthCount: MonthCountEntity,
      checksum: ChecksumEntity,
      share: ShareEntity,
      shareNotice: ShareNoticeEntity,
      link: LinkEntity,
      slug: SlugEntity,
      linkVisit: LinkVisitEntity,
      accountPurge: AccountPurgeEntity,
    },
    { client: electroClient(dynamo()), table: config.tableName() },
  );

let service: ReturnType<typeof create> | undefined;

/**
 * Every entity of the single table (see `table.ts` for the access patterns), bound to the
 * table and client on first use, so the table name is read from the link when it is set,
 * not at import.
 */
export const db = () => {
  service ??= create();
  return service;
};

/**
 * True when DynamoDB refused a write for its condition (ElectroDB wraps the SDK's
 * `ConditionalCheckFailedException` and keeps it as `cause`).
 */
export const isConditionFailure = (error: unknown): boolean =>
  error instanceof Error &&
  (error.name === "ConditionalCheckFailedException" ||
    (error.cause instanceof Error && error.cause.name === "ConditionalCheckFailedException"));
