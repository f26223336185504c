import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

/**
 * Runs one SQS batch through Powertools, one record after another (each may hold a large
 * image, or the time left), and answers the failed ones in `batchItemFailures`.
 *
 * A processor of its own per invocation: `BatchProcessor` keeps the batch on itself, so one
 * shared by overlapping invocations answers one batch with another's message ids, which Lambda
 * refuses. Lambda never overlaps them in one process, but `sst dev` does, and so does the
 * local stack when a batch outlives its timeout.
 */
export function processBatch(
  event: SQSEvent,
  record: (record: SQSRecord) => Promise<void>,
  context: Context,
): Promise<SQSBatchResponse> {
  return processPartialResponse(event, record, new BatchProcessor(EventType.SQS), {
    context,
    processInParallel: false,
  });
}
