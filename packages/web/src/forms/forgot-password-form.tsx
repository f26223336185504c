import { ForgotPasswordBody } from "@sharespace/core/schema";
import type * as v from "valibot";
import { Button } from "../components/button";
import { ErrorSummary } from "../components/error-summary";
import { TextField } from "../components/text-field";
import styles from "./form.module.css";
import { useForm } from "./use-form";

const fields = ["email"] as const;

export interface ForgotPasswordFormProps {
  /** Asks for a reset link; an ApiError it throws is shown on the form. */
  onSubmit(body: v.InferOutput<typeof ForgotPasswordBody>): Promise<void>;
  defaultEmail?: string;
}

export function ForgotPasswordForm({ onSubmit, defaultEmail }: ForgotPasswordFormProps) {
  const form = useForm({ schema: ForgotPasswordBody, fields, onSubmit });
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
      />
      <Button type="submit" variant="primary" size="lg" block busy={form.submitting}>
        Send reset link
      </Button>
    </form>
  );
}
