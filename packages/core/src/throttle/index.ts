import { isIPv4, isIPv6 } from "node:net";
import { db, isConditionFailure } from "../db";
import { AppError } from "../error";
import { clock } from "../time";

/** One ceiling: at most `max` reservations for one key per fixed window. */
export interface ThrottleRule {
  /** What is counted, e.g. `login:email`. Part of the item's key. */
  scope: string;
  /** Whose attempts (an email, an address, both...). */
  key: string;
  max: number;
  windowSeconds: number;
}

/** Reservations taken by {@link Throttle.reserve}. */
export interface Reservation {
  /** Gives every reservation back (a sign-in that succeeded is not a failure). */
  release(): Promise<void>;
}

const windowOf = (rule: ThrottleRule, now: number) => {
  const length = rule.windowSeconds * 1000;
  const start = Math.floor(now / length) * length;
  return { start, end: start + length, id: new Date(start).toISOString() };
};

const keyOf = (rule: ThrottleRule, window: string) => ({
  scope: rule.scope,
  key: rule.key,
  window,
});

/**
 * Attempt counters: each attempt is reserved atomically before the work it guards (a
 * password check, an email), so a burst of parallel requests gets no more than the ceiling.
 * Windows are fixed (they start at multiples of their length): one item per key and window,
 * never a range query, and TTL removes it once its window is over.
 */
export namespace Throttle {
  /**
   * Reserves one attempt under each rule: the first alone, then the others at once. A request
   * the first refuses (an attacker past the budget of its own key) never touches the wider
   * counters others share. When one is full, the reservations taken are given back and
   * `rate_limited` is thrown with the seconds until that rule's window ends.
   */
  export async function reserve(rules: readonly ThrottleRule[], message: string) {
    const now = clock.now();
    const taken: Attempt[] = [];
    const release = () => Promise.all(taken.map(({ rule, window }) => give(rule, window.id)));
    const [first, ...rest] = rules.map((rule) => ({ rule, window: windowOf(rule, now) }));
    for (const stage of [first ? [first] : [], rest]) {
      const results = await Promise.allSettled(stage.map(take));
      taken.push(...stage.filter((_, i) => fulfilled(results[i]) === true));
      const failed = results.find((result) => result.status === "rejected");
      const full = stage.filter((_, i) => fulfilled(results[i]) === false);
      if (!failed && full.length === 0) continue;
      await release();
      if (failed) throw failed.reason;
      const end = Math.max(...full.map(({ window }) => window.end));
      throw new AppError("rate_limited", "rate_limited", message, {
        retryAfterSeconds: Math.max(1, Math.ceil((end - now) / 1000)),
      });
    }
    return {
      async release() {
        await release();
        taken.length = 0;
      },
    } satisfies Reservation;
  }

  interface Attempt {
    rule: ThrottleRule;
    window: ReturnType<typeof windowOf>;
  }

  const fulfilled = (result: PromiseSettledResult<boolean> | undefined) =>
    result?.status === "fulfilled" ? result.value : undefined;

  /** One conditional `ADD`: true when reserved, false when the window is full. */
  async function take({ rule, window }: Attempt) {
    const expiresAt = Math.ceil(window.end / 1000);
    const id = window.id;
    try {
      await db()
        .entities.throttle.update(keyOf(rule, id))
        .add({ count: 1 })
        .set({ expiresAt })
        .where((attr, op) => `${op.notExists(attr.count)} OR ${op.lt(attr.count, rule.max)}`)
        .go({ response: "none" });
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async function give(rule: ThrottleRule, window: string) {
    await db()
      .entities.throttle.patch(keyOf(rule, window))
      .subtract({ count: 1 })
      .where((attr, op) => op.gt(attr.count, 0))
      .go({ response: "none" })
      .catch((error: unknown) => {
        // Gone with its window, or already at zero: nothing to give back.
        if (!isConditionFailure(error)) throw error;
      });
  }

  /** How many reservations a rule's current window holds (0 when none): for tests and ops. */
  export async function count(rule: ThrottleRule): Promise<number> {
    const { data } = await db()
      .entities.throttle.get(keyOf(rule, windowOf(rule, clock.now()).id))
      .go();
    return data?.count ?? 0;
  }

  /**
   * The key a client address is counted under: an IPv4 address as is, an IPv6 address by
   * its /64 (one subscriber usually holds a whole /64, and could otherwise rotate through
   * it), `unknown` when there is none.
   */
  export function addressKey(address: string | undefined): string {
    if (!address) return "unknown";
    const plain = address.split("%", 1)[0] ?? address;
    if (isIPv4(plain)) return plain;
    if (!isIPv6(plain)) return "unknown";
    const groups = expandIPv6(plain.toLowerCase());
    // An IPv4-mapped address (`::ffff:1.2.3.4`) is that IPv4 client.
    const mapped = plain.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i)?.[1];
    if (mapped && isIPv4(mapped)) return mapped;
    return `${groups.slice(0, 4).join(":")}::/64`;
  }
}

/** The eight groups of an IPv6 address, `::` expanded, each without leading zeros. */
function expandIPv6(address: string): string[] {
  const [head = "", tail] = address.split("::");
  const part = (text: string) =>
    text === ""
      ? []
      : text.split(":").flatMap((group) => {
          if (!group.includes(".")) return [group];
          // A trailing embedded IPv4 address is two groups.
          const [a = 0, b = 0, c = 0, d = 0] = group.split(".").map(Number);
          return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
        });
  const left = part(head);
  const right = tail === undefined ? [] : part(tail);
  const zeros = Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...zeros, ...right].map((group) => Number.parseInt(group, 16).toString(16));
}
