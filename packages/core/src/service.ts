import { Service } from "electrodb";
import { EmailEntity, UserEntity } from "./account/entity";
import { config } from "./config";
import { dynamo } from "./db";
import { RefreshTokenEntity, SessionEntity } from "./session/entity";
import { LoginFailureEntity } from "./throttle/entity";

const create = () =>
  new Service(
    {
      user: UserEntity,
      email: EmailEntity,
      session: SessionEntity,
      refreshToken: RefreshTokenEntity,
      loginFailure: LoginFailureEntity,
    },
    { client: dynamo(), table: config.tableName() },
  );

let service: ReturnType<typeof create> | undefined;

/**
 * Every entity of the single table, bound to the table and client on first use (so the
 * table name is read from the link when it is set, not at import).
 */
export const db = () => {
  service ??= create();
  return service;
};
