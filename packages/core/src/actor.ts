import { AsyncLocalStorage } from "node:async_hooks";
import { unauthorized } from "./error";

/**
 * Who is acting: a signed-in user (verified by API Gateway's JWT authorizer) or nobody, and
 * from which client address (the person's, as the router saw it; absent outside HTTP).
 */
export type Actor = ({ type: "user"; userId: string } | { type: "public" }) & {
  address?: string;
};

const storage = new AsyncLocalStorage<Actor>();

/**
 * The actor context. The handler wrapper provides it from the authorizer's claims, and
 * core reads it where an operation depends on who asks, instead of threading a user id
 * through every call.
 */
export namespace Actor {
  export const provide = <T>(actor: Actor, fn: () => Promise<T>) => storage.run(actor, fn);

  export const current = (): Actor => storage.getStore() ?? { type: "public" };

  /** The client's IP address, when the request came over HTTP. */
  export const address = (): string | undefined => current().address;

  /** The signed-in user's id; `unauthorized` when nobody is signed in. */
  export function userId(): string {
    const actor = current();
    if (actor.type !== "user") throw unauthorized();
    return actor.userId;
  }
}
