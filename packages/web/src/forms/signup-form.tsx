import { SignupBody } from "@sharespace/core/schema";
import type * as v from "valibot";
import { Alert } from "../components/alert";
import { Button } from "../components/button";
import { PasswordField } from "../components/password-field";
import { TextField } from "../components/text-field";
import styles from "./form.module.css";
import { passwordHint } from "./rules";
import { useForm } from "./use-form";

const fields = ["name", "email", "password"] as const;

export interface SignupFormProps {
  /** Creates the account; an ApiError it throws is shown on the form. */
  onSubmit(body: v.InferOutput<typeof SignupBody>): Promise<void>;
}

export function SignupForm({ onSubmit }: SignupFormProps) {
  const form = useForm({ schema: SignupBody, fields, onSubmit });
  return (
    <form
      ref={form.formRef}
      className={styles.form}
      onSubmit={form.handleSubmit}
      onInput={form.handleInput}
      noValidate
    >
      {form.formError && <Alert tone="danger">{form.formError}</Alert>}
      <TextField
        label="Name"
        name="name"
        autoComplete="name"
        error={form.errors.name}
        hint="Shown to people you share with."
      />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        inputMode="email"
        spellCheck={false}
        error={form.errors.email}
      />
      <PasswordField
        label="Password"
        name="password"
        autoComplete="new-password"
        error={form.errors.password}
        hint={passwordHint}
      />
      <Button type="submit" variant="primary" size="lg" block busy={form.submitting}>
        Create account
      </Button>
    </form>
  );
}
