import { limits, type MediaInfo, type UpdateMediaBody } from "@sharespace/core/schema";
import { type FormEvent, useId, useState } from "react";
import { isApiError } from "../api";
import { Alert } from "../components/alert";
import { Button } from "../components/button";
import { TextField } from "../components/text-field";
import fieldStyles from "../components/text-field.module.css";
import styles from "./info-panel.module.css";

export interface EditFormProps {
  item: MediaInfo;
  /** `PATCH /api/media/{id}` with the fields that changed. */
  onSave(body: UpdateMediaBody): Promise<MediaInfo>;
}

/** An ISO time as `<input type="datetime-local">` wants it, in the reader's time zone. */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** Title, description and date taken; only what changed is sent. */
export function EditForm({ item, onSave }: EditFormProps) {
  const [title, setTitle] = useState(item.title);
  const [description, setDescription] = useState(item.description);
  const [takenAt, setTakenAt] = useState(toLocalInput(item.takenAt));
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string }>();
  const descriptionId = useId();

  const body: UpdateMediaBody = {};
  if (title.trim() !== item.title) body.title = title.trim();
  if (description !== item.description) body.description = description;
  if (takenAt && takenAt !== toLocalInput(item.takenAt))
    body.takenAt = new Date(takenAt).toISOString();
  const changed = Object.keys(body).length > 0;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!changed || saving) return;
    setSaving(true);
    setOutcome(undefined);
    try {
      const saved = await onSave(body);
      setTitle(saved.title);
      setDescription(saved.description);
      setTakenAt(toLocalInput(saved.takenAt));
      setOutcome({ ok: true, message: "Saved." });
    } catch (error) {
      const detail = isApiError(error) ? error.details[0]?.message : undefined;
      setOutcome({ ok: false, message: detail ?? (error as Error).message });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className={styles.form} onSubmit={submit} noValidate>
      <TextField
        label="Title"
        value={title}
        placeholder={item.filename}
        maxCharacters={limits.media.titleMaxChars}
        onChange={(event) => setTitle(event.currentTarget.value)}
      />
      <div className={fieldStyles.field}>
        <label htmlFor={descriptionId} className={fieldStyles.label}>
          Description
        </label>
        <textarea
          id={descriptionId}
          className={`${fieldStyles.input} ${styles.textarea}`}
          value={description}
          rows={3}
          maxLength={limits.media.descriptionMaxChars}
          placeholder="Add a description"
          onChange={(event) => setDescription(event.currentTarget.value)}
        />
      </div>
      <TextField
        label="Date taken"
        type="datetime-local"
        value={takenAt}
        onChange={(event) => setTakenAt(event.currentTarget.value)}
      />
      {outcome && <Alert tone={outcome.ok ? "success" : "danger"}>{outcome.message}</Alert>}
      <Button type="submit" variant="primary" busy={saving} disabled={!changed && !saving}>
        Save changes
      </Button>
    </form>
  );
}
