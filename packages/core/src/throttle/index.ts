import { randomBytes } from "node:crypto";
import { db } from "../db";
import { AppError } from "../error";
import { limits } from "../limits";
import { clock } from "../time";

const { maxFailures, windowSeconds } = limits.login;
const windowMs = windowSeconds * 1000;
// Sort keys are fixed-width epoch milliseconds, so string order is time order.
const stamp = (ms: number) => ms.toString().padStart(15, "0");

/** Failed sign-ins per email, counted within a sliding window. */
export namespace Throttle {
  /** Throws `rate_limited` (with the seconds until the oldest failure leaves the window). */
  export async function check(email: string) {
    const now = clock.now();
    const { data } = await db()
      .entities.loginFailure.query.byEmail({ email })
      .gt({ at: stamp(now - windowMs) })
      .go({ limit: maxFailures, order: "asc" });
    if (data.length < maxFailures) return;
    const oldest = Number(data[0]?.at.slice(0, 15) ?? now);
    throw new AppError(
      "rate_limited",
      "rate_limited",
      "Too many failed sign-ins. Try again later.",
      {
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)),
      },
    );
  }

  export async function recordFailure(email: string) {
    const now = clock.now();
    await db()
      .entities.loginFailure.create({
        email,
        at: `${stamp(now)}#${randomBytes(4).toString("hex")}`,
        expiresAt: Math.ceil((now + windowMs) / 1000),
      })
      .go();
  }
}
