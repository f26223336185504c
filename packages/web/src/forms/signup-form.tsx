import { limits, SignupBody } from "@sharespace/core/schema";
import { type ReactNode, useState } from "react";
import type * as v from "valibot";
import { Button } from "../components/button";
import { ErrorSummary } from "../components/error-summary";
import { NewPasswordField } from "../components/new-password-field";
import { TextField } from "../components/text-field";
import styles from "./form.module.css";
import { passwordHint } from "./rules";
import { useForm } from "./use-form";

const fields = ["name", "email", "password"] as const;

export interface SignupFormProps {
  /** Creates the account; an ApiError it throws is shown on the form. */
  onSubmit(body: v.InferOutput<typeof SignupBody>): Promise<void>;
  /** "Sign in instead", offered when the email already has an account; it carries the email. */
  signInLink(email: string): ReactNode;
}

export function SignupForm({ onSubmit, signInLink }: SignupFormProps) {
  const form = useForm({ schema: SignupBody, fields, onSubmit });
  // The name and email, so the strength meter counts them as words a guesser knows.
  const [known, setKnown] = useState({ name: "", email: "" });
  const taken = form.errorCode === "email_taken" && form.submitted;

  return (
    <form
      className={styles.form}
      onSubmit={form.handleSubmit}
      onInput={form.handleInput}
      noValidate
    >
      {form.summary && (
        <ErrorSummary
          key={form.attempt}
          {...form.summary}
          message={
            taken ? (
              <>
                {form.formError} {signInLink(taken.email)}
              </>
            ) : (
              form.formError
            )
          }
        />
      )}
      <TextField
        {...form.field("name")}
        label="Name"
        autoComplete="name"
        hint="Shown to people you share with."
        maxCharacters={limits.name.max}
        onChange={(event) => setKnown({ ...known, name: event.currentTarget.value })}
      />
      <TextField
        {...form.field("email")}
        label="Email"
        type="email"
        autoComplete="email"
        inputMode="email"
        spellCheck={false}
        onChange={(event) => setKnown({ ...known, email: event.currentTarget.value })}
      />
      <NewPasswordField
        {...form.field("password")}
        label="Password"
        hint={passwordHint}
        userInputs={[known.name, known.email].filter(Boolean)}
      />
      <Button type="submit" variant="primary" size="lg" block busy={form.submitting}>
        Create account
      </Button>
    </form>
  );
}
