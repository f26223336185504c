import type { ApiClient, Auth } from "./api";

/**
 * What every route's `beforeLoad` and `loader` receive. `auth` is the live session object
 * (not a snapshot), so a guard always sees the state of this very moment.
 */
export interface RouterContext {
  auth: Auth;
  api: ApiClient;
}
