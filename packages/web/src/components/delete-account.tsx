import { type FormEvent, useState } from "react";
import { Alert } from "./alert";
import { Button } from "./button";
import styles from "./delete-account.module.css";
import { TextField } from "./text-field";

/** What the person types to confirm: deliberate, and the same in every account. */
export const CONFIRM_PHRASE = "delete my account";

export interface DeleteAccountProps {
  /** Deletes the account; resolves once the server has accepted it. */
  onDelete(): Promise<void>;
}

/**
 * Account deletion behind a typed confirmation: the button does nothing until the phrase
 * is typed, so a stray click or a quick Enter cannot delete an account.
 */
export function DeleteAccount({ onDelete }: DeleteAccountProps) {
  const [typed, setTyped] = useState("");
  const [problem, setProblem] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const confirmed = typed.trim().toLowerCase() === CONFIRM_PHRASE;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    if (!confirmed) {
      setProblem(`Type “${CONFIRM_PHRASE}” to confirm.`);
      return;
    }
    setProblem(undefined);
    setBusy(true);
    try {
      await onDelete();
    } catch (error) {
      setFailure((error as Error).message);
      setBusy(false);
    }
  };

  return (
    <form className={styles.form} onSubmit={submit} noValidate>
      <p className={styles.warning}>
        Your account, every photo and video in it, and everything you shared (with people and by
        link) are removed for good. This cannot be undone.
      </p>
      <TextField
        label={`Type “${CONFIRM_PHRASE}” to confirm`}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        value={typed}
        error={problem}
        onChange={(event) => setTyped(event.currentTarget.value)}
      />
      {failure && <Alert tone="danger">{failure}</Alert>}
      <div>
        <Button
          type="submit"
          variant="danger-solid"
          busy={busy}
          aria-disabled={!confirmed || undefined}
        >
          Delete my account
        </Button>
      </div>
    </form>
  );
}
