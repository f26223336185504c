import { useState } from "react";
import styles from "./password-field.module.css";
import { TextField, type TextFieldProps } from "./text-field";

/**
 * A password input with a Show/Hide toggle (people mistype on phones). The toggle's name
 * says what pressing it will do, "Show password" or "Hide password", and starts with its
 * visible word so voice control users can say what they see.
 */
export function PasswordField(props: Omit<TextFieldProps, "type" | "trailing">) {
  const [visible, setVisible] = useState(false);
  return (
    <TextField
      {...props}
      type={visible ? "text" : "password"}
      trailing={
        <button
          type="button"
          className={styles.toggle}
          aria-label={visible ? "Hide password" : "Show password"}
          onClick={() => setVisible((shown) => !shown)}
        >
          {visible ? "Hide" : "Show"}
        </button>
      }
    />
  );
}
