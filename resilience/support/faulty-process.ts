import { createHash } from "node:crypto";
import { Media } from "@sharespace/core/media";
import { ObjectKey } from "@sharespace/core/storage";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";

/** What the faulty Process did, for the test to check it did it. */
export interface FaultLog {
  /** Object keys whose first delivery crashed after the item had moved to `processing`. */
  crashed: Set<string>;
  /** Invocations of the real Process. */
  invocations: number;
}

/** The object keys an S3 event batch is about. */
const keysOf = (event: SQSEvent) =>
  event.Records.flatMap((record) => {
    try {
      const body = JSON.parse(record.body) as { Records?: { s3: { object: { key: string } } }[] };
      return (body.Records ?? []).map((r) =>
        decodeURIComponent(r.s3.object.key.replace(/\+/g, " ")),
      );
    } catch {
      return [];
    }
  });

/**
 * The real Process function behind two faults:
 * - every event is delivered three times at once (three invocations in parallel, as S3's
 *   at-least-once delivery and SQS's may), and must be processed once;
 * - about one object in `crashOneIn` crashes mid-item on its first delivery: the item is
 *   moved to `processing` as the real function does first, then the invocation dies, so
 *   the whole batch comes back after the visibility timeout.
 */
export function faultyProcess(log: FaultLog, crashOneIn = 8) {
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse | undefined> => {
    const { handler } = await import("@sharespace/functions/process");
    for (const key of keysOf(event)) {
      const ref = ObjectKey.parse(key);
      const pick = createHash("sha256").update(key).digest()[0] ?? 0;
      if (ref?.kind === "original" && !log.crashed.has(key) && pick % crashOneIn === 0) {
        log.crashed.add(key);
        await Media.startProcessing(ref);
        throw new Error(`simulated crash while processing ${key}`);
      }
    }
    const answers = await Promise.all(
      [1, 2, 3].map(() => {
        log.invocations++;
        return handler(event, context) as Promise<SQSBatchResponse | undefined>;
      }),
    );
    // A record any of the three invocations failed is retried.
    const failed = new Set(
      answers.flatMap((a) => a?.batchItemFailures ?? []).map((f) => f.itemIdentifier),
    );
    return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
