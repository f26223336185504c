import { ResetPasswordBody } from "@sharespace/core/schema";
import * as v from "valibot";
import { Button } from "../components/button";
import { ErrorSummary } from "../components/error-summary";
import { NewPasswordField } from "../components/new-password-field";
import styles from "./form.module.css";
import { passwordHint } from "./rules";
import { useForm } from "./use-form";

const fields = ["password"] as const;
/** The password half of the reset body; the page adds the token from the link. */
const NewPassword = v.pick(ResetPasswordBody, ["password"]);

export interface ResetPasswordFormProps {
  /** Sets the new password; an ApiError it throws is shown on the form. */
  onSubmit(body: v.InferOutput<typeof NewPassword>): Promise<void>;
}

export function ResetPasswordForm({ onSubmit }: ResetPasswordFormProps) {
  const form = useForm({ schema: NewPassword, fields, onSubmit });
  return (
    <form
      className={styles.form}
      onSubmit={form.handleSubmit}
      onInput={form.handleInput}
      noValidate
    >
      {form.summary && <ErrorSummary key={form.attempt} {...form.summary} />}
      <NewPasswordField {...form.field("password")} label="New password" hint={passwordHint} />
      <Button type="submit" variant="primary" size="lg" block busy={form.submitting}>
        Change password
      </Button>
    </form>
  );
}
