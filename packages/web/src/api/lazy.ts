/** The methods of an API object whose every method answers a promise. */
type AsyncMethods<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R>
    ? (...args: A) => Promise<R>
    : never;
};

/**
 * An API object whose code (and the schemas it parses with) loads on its first call, so
 * pages that never use it don't carry it in the first download. `keys` must name every
 * method: the `Record` makes the compiler check that none is missing.
 */
export function lazyApi<T extends AsyncMethods<T>>(
  load: () => Promise<T>,
  keys: Record<keyof T, true>,
): T {
  let loaded: Promise<T> | undefined;
  const api = {} as Record<keyof T, unknown>;
  for (const key of Object.keys(keys) as (keyof T)[]) {
    api[key] = async (...args: unknown[]) => {
      loaded ??= load().catch((error: unknown) => {
        // A failed chunk load (offline) is tried again on the next call.
        loaded = undefined;
        throw error;
      });
      const target = await loaded;
      return (target[key] as (...a: unknown[]) => Promise<unknown>)(...args);
    };
  }
  return api as T;
}
