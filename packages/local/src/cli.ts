/**
 * What `npm start` does (`main.ts` only calls it): the whole app offline on
 * http://localhost:PORT until Ctrl-C. Settings come from the environment (see `config.ts`).
 * A failure a developer can fix ends in one line on stderr saying how, and exit code 1;
 * never a stack trace.
 * @module
 */
import { type BootOptions, bootLocalStack } from "./boot";
import { readConfig, type StackConfig } from "./config";
import { LocalStackError, type PortInUseError } from "./errors";
import type { LocalStack } from "./server";

const STOP_TIMEOUT_MS = 10_000;

/** The one line that explains `error` and says what to do about it. */
export function explain(error: unknown, config?: StackConfig): string {
  if (!(error instanceof LocalStackError)) {
    const message = error instanceof Error ? error.message : String(error);
    return `ShareSpace could not start: ${message.split("\n", 1)[0]}`;
  }
  const reset = config
    ? `delete ${config.dataDir} to start fresh (this erases local accounts and media)`
    : "";
  const javaInstall = "(e.g. apt-get install openjdk-17-jre-headless, or brew install openjdk@17)";
  switch (error.code) {
    case "java_missing":
      return `${error.message}: install it ${javaInstall} and start again.`;
    case "java_too_old":
      return `${error.message}: install Java 17 or newer ${javaInstall} and put it first on PATH.`;
    case "port_in_use":
      return explainPort(error as PortInUseError, config);
    case "data_dir_unusable":
      return `${error.message}: set DATA_DIR to a writable directory${config ? `, or ${reset}` : ""}.`;
    case "data_corrupt":
    case "data_outdated":
      return `${error.message}: ${error.hint ?? (reset || "delete DATA_DIR to start fresh")}.`;
    default:
      return `${error.message}.`;
  }
}

function explainPort(error: PortInUseError, config?: StackConfig): string {
  if (!config || error.port === config.port) {
    const next = (config?.port ?? 3000) + 10;
    return `Port ${error.port} is in use: stop the other program or set PORT=${next} (the stack also uses PORT+1 and PORT+2).`;
  }
  const name = error.port === config.dynamoDbPort ? "DYNAMODB_PORT" : "S3_PORT";
  return `${error.message}: stop the other program (an old DynamoDB Local or npm start?) or set ${name} or PORT.`;
}

/** Runs the stack until SIGINT/SIGTERM; resolves with the exit code. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let config: StackConfig | undefined;
  let finish: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => {
    finish = resolve;
  });
  let failed = false;
  const fail = (error: unknown) => {
    if (failed) return;
    failed = true;
    console.error(explain(error, config));
    finish(1);
  };
  const onSignal = () => finish(0);
  process.on("SIGINT", onSignal).on("SIGTERM", onSignal);
  // Until the stack runs, anything thrown is a failure to start: one line, no stack trace.
  process.on("uncaughtException", fail).on("unhandledRejection", fail);

  let stack: LocalStack | undefined;
  try {
    const settings = readConfig(env);
    config = settings;
    const options: BootOptions = { onFatal: fail, onNotice: (line) => console.error(line) };
    // Java first: it takes seconds to answer, and the rest of the stack (the AWS SDK, the
    // handlers, Vite) loads meanwhile.
    const starting = bootLocalStack(settings, options).then(async (boot) => {
      // A DynamoDB Local that cannot start (no Java, a corrupt file) ends start-up at once,
      // without loading the rest.
      if (!(await boot.javaLaunched)) await boot.dynamo;
      boot.dynamo.catch(fail);
      const { startLocalStack } = await import("./server");
      return startLocalStack(settings, options, boot);
    });
    starting.catch(() => {}); // when a signal wins the race below, nobody else awaits it
    // A signal during start-up ends start-up too; the exit hook takes Java down with us.
    stack = await Promise.race([starting, finished.then(() => undefined)]);
  } catch (error) {
    fail(error);
  }
  if (stack) {
    console.log(`ShareSpace is running at ${stack.url}`);
    // From here on, what a handler leaves thrown is a bug to see, not a reason to stop.
    process.off("uncaughtException", fail).off("unhandledRejection", fail);
    process.on("uncaughtException", (error) => console.error("Uncaught exception:", error));
    process.on("unhandledRejection", (reason) => console.error("Unhandled rejection:", reason));
  }

  const code = await finished;
  // Another Ctrl-C, or a stop that hangs, does not keep anyone waiting. A repeat within a
  // second is the same request (tsx relays the signal the child already got from the group).
  const stoppingSince = Date.now();
  const force = () => {
    if (Date.now() - stoppingSince > 1_000) process.exit(code);
  };
  process.on("SIGINT", force).on("SIGTERM", force);
  setTimeout(() => process.exit(code || 1), STOP_TIMEOUT_MS).unref();
  await stack?.stop();
  return code;
}
