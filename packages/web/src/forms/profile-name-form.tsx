import { UpdateMeBody } from "@sharespace/core/schema";
import { useState } from "react";
import type * as v from "valibot";
import { Alert } from "../components/alert";
import { Button } from "../components/button";
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
      ref={form.formRef}
      className={styles.form}
      onSubmit={form.handleSubmit}
      onInput={(event) => {
        setSaved(false);
        form.handleInput(event);
      }}
      noValidate
    >
      {form.formError && <Alert tone="danger">{form.formError}</Alert>}
      <TextField
        label="Display name"
        name="name"
        autoComplete="name"
        defaultValue={defaultName}
        error={form.errors.name}
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
