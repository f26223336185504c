/**
 * A file that is not what its upload promised (wrong size, type or bytes, or bytes no decoder
 * reads). Processing records the item as `failed` with {@link Rejected.reason}, removes the
 * object and releases the reservation; the queue does not retry it. Anything else thrown
 * while processing (an S3 or DynamoDB outage) is transient and left to the queue's retries.
 */
export class Rejected extends Error {
  override readonly name = "Rejected";
  /** Why, in words for the owner (shown as the item's `failure`). */
  readonly reason: string;
  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.reason = reason;
  }
}

/**
 * Runs `decode` on bytes already in memory: whatever it throws says the bytes are bad (a
 * decoder has no outage), so it becomes a {@link Rejected} with `reason`.
 */
export async function decoding<T>(reason: string, decode: () => Promise<T> | T): Promise<T> {
  try {
    return await decode();
  } catch (error) {
    if (error instanceof Rejected) throw error;
    throw new Rejected(reason, { cause: error });
  }
}
