import { Password } from "@sharespace/core/schema";

/** Reads a length rule out of a valibot pipe, so the hint shown is the rule enforced. */
function lengthRule(schema: { pipe: readonly { type: string }[] }) {
  const requirement = (type: string) => {
    const action = schema.pipe.find((item) => item.type === type) as
      | { requirement?: unknown }
      | undefined;
    return typeof action?.requirement === "number" ? action.requirement : undefined;
  };
  return { min: requirement("min_length"), max: requirement("max_length") };
}

const password = lengthRule(Password);

/** "Use 8 to 128 characters." */
export const passwordHint = `Use ${password.min} to ${password.max} characters.`;
