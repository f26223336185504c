import type { CreateLinkBody, LinkInfo, UpdateLinkBody } from "@sharespace/core/schema";
import { type FormEvent, useId, useState } from "react";
import { isApiError } from "../api";
import { Alert } from "../components/alert";
import { Button } from "../components/button";
import { TextField } from "../components/text-field";
import {
  createBody,
  type DraftProblem,
  describeExpiry,
  draftOf,
  expiryPresets,
  type LinkDraft,
  newDraft,
  problemsOf,
  updateBody,
} from "./policy";
import styles from "./share-dialog.module.css";

interface CommonProps {
  title: string;
  submitLabel: string;
  onCancel(): void;
}

/** Creating (no `link`) or editing (`link`) a link's policy. */
export type LinkFormProps = CommonProps &
  (
    | { link?: undefined; onSubmit(body: CreateLinkBody): Promise<void> }
    | { link: LinkInfo; onSubmit(body: UpdateLinkBody): Promise<void> }
  );

const problemFor = (problems: readonly DraftProblem[], path: DraftProblem["path"]) =>
  problems.find((problem) => problem.path === path)?.message;

/**
 * A link's controls, every one optional: expiry, password, download, a view cap and a
 * custom name. Checked as the API would before sending; a name in use comes back as a
 * problem of its field.
 */
export function LinkForm(props: LinkFormProps) {
  const { link, title, submitLabel, onCancel } = props;
  const id = useId();
  const [draft, setDraft] = useState<LinkDraft>(() => (link ? draftOf(link) : newDraft()));
  const [requirePassword, setRequirePassword] = useState(link?.hasPassword ?? false);
  const [problems, setProblems] = useState<DraftProblem[]>([]);
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const change = (patch: Partial<LinkDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const passwordMode: LinkDraft["passwordMode"] = !requirePassword
      ? "none"
      : link?.hasPassword && !draft.password
        ? "keep"
        : "set";
    const final = { ...draft, passwordMode };
    const found = problemsOf(final);
    setProblems(found);
    setFailure(undefined);
    if (found.length) return;
    setBusy(true);
    try {
      if (props.link) await props.onSubmit(updateBody(props.link, final));
      else await props.onSubmit(createBody(final));
    } catch (error) {
      if (isApiError(error, "slug_taken")) {
        setProblems([{ path: "slug", message: "That name is taken. Try another one." }]);
      } else if (isApiError(error) && error.details.length) {
        setProblems(
          error.details
            .filter((d): d is DraftProblem => ["password", "maxViews", "slug"].includes(d.path))
            .map((d) => ({ path: d.path, message: d.message })),
        );
        setFailure(error.message);
      } else {
        setFailure((error as Error).message);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className={styles.linkForm} onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`} className={styles.formTitle}>
        {title}
      </h4>
      <div className={styles.field}>
        <label htmlFor={`${id}-expiry`} className={styles.label}>
          Expires
        </label>
        <select
          id={`${id}-expiry`}
          className={styles.select}
          value={String(draft.expiry)}
          onChange={(event) => {
            const value = event.currentTarget.value;
            change({ expiry: value === "keep" ? "keep" : Number(value) });
          }}
        >
          {link && (
            <option value="keep">
              Keep: {describeExpiry(link.expiresAt, Date.now()).toLowerCase()}
            </option>
          )}
          {expiryPresets.map((preset, index) => (
            <option key={preset.label} value={index}>
              {preset.seconds === null ? "Never" : `In ${preset.label}`}
            </option>
          ))}
        </select>
      </div>
      <label className={styles.check}>
        <input
          type="checkbox"
          checked={requirePassword}
          onChange={(event) => setRequirePassword(event.currentTarget.checked)}
        />
        Require a password
      </label>
      {requirePassword && (
        <TextField
          label="Link password"
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={draft.password}
          hint={
            link?.hasPassword
              ? "A password is set. Type a new one to change it, or leave this empty to keep it."
              : "Tell it to the people you give the link to."
          }
          error={problemFor(problems, "password")}
          onChange={(event) => change({ password: event.currentTarget.value })}
        />
      )}
      <label className={styles.check}>
        <input
          type="checkbox"
          checked={draft.allowDownload}
          onChange={(event) => change({ allowDownload: event.currentTarget.checked })}
        />
        Allow downloading the file
      </label>
      <TextField
        label="View limit"
        type="text"
        inputMode="numeric"
        value={draft.maxViews}
        hint="Leave empty for no limit. The link stops working once it has been opened this many times."
        error={problemFor(problems, "maxViews")}
        onChange={(event) => change({ maxViews: event.currentTarget.value })}
      />
      <TextField
        label="Custom name"
        type="text"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        value={draft.slug}
        hint={
          <>
            Optional: the link becomes{" "}
            <span className={styles.mono}>/s/{draft.slug.trim() || "your-name"}</span>. Lower-case
            letters, digits and dashes.
          </>
        }
        error={problemFor(problems, "slug")}
        onChange={(event) => change({ slug: event.currentTarget.value })}
      />
      {failure && <Alert tone="danger">{failure}</Alert>}
      <div className={styles.formActions}>
        <Button onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" busy={busy}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
