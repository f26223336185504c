/**
 * Why the local stack could not start. Each code is a failure a developer can fix, and
 * `main.ts` turns each into one line that says how; anything else is a bug.
 */
export type LocalStackErrorCode =
  /** No `java` on PATH (DynamoDB Local is a Java program). */
  | "java_missing"
  /** `java` is older than the Java 17 that DynamoDB Local's classes need. */
  | "java_too_old"
  /** A port the stack needs is taken; see {@link PortInUseError}. */
  | "port_in_use"
  /** The data directory cannot be created, read or written. */
  | "data_dir_unusable"
  /** Local data exists but cannot be read (a database or key file that is not one). */
  | "data_corrupt"
  /** Kept data was made for an older definition that cannot be migrated in place. */
  | "data_outdated"
  /** An environment variable has a value the stack cannot use. */
  | "config_invalid"
  /** DynamoDB Local stopped or never answered, for a reason not listed above. */
  | "dynamodb_failed";

/** An expected failure of the local stack, with a stable code and a one-line message. */
export class LocalStackError extends Error {
  readonly code: LocalStackErrorCode;
  /** What to do, when only the thrower knows (else `cli.ts` says it by code). */
  readonly hint?: string;

  constructor(
    code: LocalStackErrorCode,
    message: string,
    options?: { cause?: unknown; hint?: string },
  ) {
    super(message, options);
    this.name = "LocalStackError";
    this.code = code;
    this.hint = options?.hint;
  }
}

/** A port is taken. `main.ts` adds which setting moves it; services only know the number. */
export class PortInUseError extends LocalStackError {
  readonly port: number;

  constructor(port: number, service: string, options?: { cause?: unknown }) {
    super("port_in_use", `Port ${port} (${service}) is in use`, options);
    this.name = "PortInUseError";
    this.port = port;
  }
}
