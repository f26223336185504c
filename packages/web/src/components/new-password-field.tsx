import { useId, useState } from "react";
import { PasswordField } from "./password-field";
import { PasswordStrength } from "./password-strength";
import type { TextFieldProps } from "./text-field";

export interface NewPasswordFieldProps extends Omit<TextFieldProps, "type" | "trailing" | "below"> {
  /** Words a guesser would try first (the person's name and email). */
  userInputs?: readonly string[];
}

/** A field for choosing a password (sign-up, reset), with strength feedback as it is typed. */
export function NewPasswordField({ userInputs, onChange, ...props }: NewPasswordFieldProps) {
  const [password, setPassword] = useState("");
  const strengthId = useId();
  return (
    <PasswordField
      {...props}
      autoComplete="new-password"
      describedBy={strengthId}
      onChange={(event) => {
        setPassword(event.currentTarget.value);
        onChange?.(event);
      }}
      below={<PasswordStrength id={strengthId} password={password} userInputs={userInputs} />}
    />
  );
}
