import { Logger } from "@aws-lambda-powertools/logger";

/** Structured JSON logs (CloudWatch deployed, the terminal locally). */
export const logger = new Logger({ serviceName: "sharespace" });
