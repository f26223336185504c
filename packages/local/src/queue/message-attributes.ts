import { createHash } from "node:crypto";

/** One message attribute, as a Lambda SQS event carries it (binary values in base64). */
export interface MessageAttribute {
  /** `String`, `Number` or `Binary`, optionally with a custom suffix (`String.json`). */
  dataType: string;
  stringValue?: string;
  binaryValue?: string;
}

/** A message's attributes by name. */
export type MessageAttributes = Record<string, MessageAttribute>;

/**
 * SQS's `MD5OfMessageAttributes`: an MD5 over the attributes sorted by name, each encoded as
 * its name, data type, transport type (1 string, 2 binary) and value, every variable part
 * preceded by its length as a 4-byte big-endian integer (SQS Developer Guide, "Calculating
 * the MD5 message digest for message attributes"). Undefined when there are none.
 */
export function md5OfMessageAttributes(attributes: MessageAttributes): string | undefined {
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const parts: Buffer[] = [];
  const sized = (bytes: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    parts.push(length, bytes);
  };
  for (const name of names) {
    const attribute = attributes[name] as MessageAttribute;
    sized(Buffer.from(name, "utf8"));
    sized(Buffer.from(attribute.dataType, "utf8"));
    const binary = attribute.dataType.startsWith("Binary");
    parts.push(Buffer.from([binary ? 2 : 1]));
    sized(
      binary
        ? Buffer.from(attribute.binaryValue ?? "", "base64")
        : Buffer.from(attribute.stringValue ?? "", "utf8"),
    );
  }
  return createHash("md5").update(Buffer.concat(parts)).digest("hex");
}
