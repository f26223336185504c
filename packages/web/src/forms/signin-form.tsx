import { LoginBody } from "@sharespace/core/schema";
import type * as v from "valibot";
import { Alert } from "../components/alert";
import { Button } from "../components/button";
import { PasswordField } from "../components/password-field";
import { TextField } from "../components/text-field";
import styles from "./form.module.css";
import { useForm } from "./use-form";

const fields = ["email", "password"] as const;

export interface SigninFormProps {
  /** Signs in; an ApiError it throws is shown on the form. */
  onSubmit(body: v.InferOutput<typeof LoginBody>): Promise<void>;
}

export function SigninForm({ onSubmit }: SigninFormProps) {
  const form = useForm({ schema: LoginBody, fields, onSubmit });
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
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        inputMode="email"
        spellCheck={false}
        error={form.errors.email}
      />
      <PasswordField
        label="Password"
        name="password"
        autoComplete="current-password"
        error={form.errors.password}
      />
      <Button type="submit" variant="primary" size="lg" block busy={form.submitting}>
        Sign in
      </Button>
    </form>
  );
}
