import { limits, UpdateMeBody } from "@sharespace/core/schema";
import { useState } from "react";
import type * as v from "valibot";
import { Alert } from "../components/alert";
import { Button } from "../components/button";
import { ErrorSummary } from "../components/error-summary";
import { TextField } from "../components/text-field";
import styles from "./form.module.css";
import { useForm } from "./use-form";

const fields = ["name"] as const;

export interface ProfileNameFormProps {
  defaultName: string;
  onSubmit(body: v.InferOutput<typeof UpdateMeBody>): Promise<void>;
}

export function ProfileNameForm({ defaultName, onSubmit }: ProfileNameFormProps) {
  const [saved, setSaved] = useState(false);
  const form = useForm({
    schema: UpdateMeBody,
    fields,
    onSubmit: async (body) => {
      setSaved(false);
      await onSubmit(body);
      setSaved(true);
    },
  });
  return (
    <form
      className={styles.form}
      onSubmit={form.handleSubmit}
      onInput={(event) => {
        setSaved(false);
        form.handleInput(event);
      }}
      noValidate
    >
      {form.summary && <ErrorSummary key={form.attempt} {...form.summary} />}
      <TextField
        {...form.field("name")}
        label="Display name"
        autoComplete="name"
        defaultValue={defaultName}
        maxCharacters={limits.name.max}
      />
      <div className={styles.actions}>
        <Button type="submit" variant="primary" busy={form.submitting}>
          Save name
        </Button>
      </div>
      {saved && <Alert tone="success">Your name is saved.</Alert>}
    </form>
  );
}
