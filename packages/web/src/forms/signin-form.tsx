import { LoginBody } from "@sharespace/core/schema";
import { type ReactNode, useState } from "react";
import type * as v from "valibot";
import { Button } from "../components/button";
import { ErrorSummary } from "../components/error-summary";
import { PasswordField } from "../components/password-field";
import { TextField } from "../components/text-field";
import styles from "./form.module.css";
import { useForm } from "./use-form";

const fields = ["email", "password"] as const;

export interface SigninFormProps {
  /** Signs in; an ApiError it throws is shown on the form. */
  onSubmit(body: v.InferOutput<typeof LoginBody>): Promise<void>;
  /** The email to start with (e.g. carried over from sign-up). */
  defaultEmail?: string;
  /** "Forgot password?", given the email typed so far. */
  forgotPasswordLink(email: string): ReactNode;
}

export function SigninForm({ onSubmit, defaultEmail = "", forgotPasswordLink }: SigninFormProps) {
  const form = useForm({ schema: LoginBody, fields, onSubmit });
  const [email, setEmail] = useState(defaultEmail);
  return (
    <form
      className={styles.form}
      onSubmit={form.handleSubmit}
      onInput={form.handleInput}
      noValidate
    >
      {form.summary && <ErrorSummary key={form.attempt} {...form.summary} />}
      <TextField
        {...form.field("email")}
        label="Email"
        type="email"
        autoComplete="username"
        inputMode="email"
        spellCheck={false}
        defaultValue={defaultEmail}
        onChange={(event) => setEmail(event.currentTarget.value)}
      />
      <PasswordField
        {...form.field("password")}
        label="Password"
        autoComplete="current-password"
        below={<p className={styles.aside}>{forgotPasswordLink(email.trim())}</p>}
      />
      <Button type="submit" variant="primary" size="lg" block busy={form.submitting}>
        Sign in
      </Button>
    </form>
  );
}
