import type { MediaInfo, ShareInfo } from "@sharespace/core/schema";
import { type FormEvent, useEffect, useId, useState } from "react";
import { type ApiClient, isApiError } from "../api";
import { Alert } from "../components/alert";
import { Avatar } from "../components/avatar";
import { Button } from "../components/button";
import { TextField } from "../components/text-field";
import styles from "./share-dialog.module.css";

export interface PeopleSectionProps {
  api: Pick<ApiClient, "sharing">;
  items: readonly MediaInfo[];
  ownEmail: string;
}

/** Why sharing with an email failed, in words the person can act on. */
export function shareProblem(error: unknown, email: string): string {
  if (isApiError(error, "user_not_found")) {
    return `No ShareSpace account uses ${email}. Ask them to create one, then share again.`;
  }
  if (isApiError(error) && error.status === 400) return error.message;
  return (error as Error).message;
}

const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Sharing with people by email. For one item it lists who has it, with a way to stop
 * sharing; for a selection, each item is shared in turn and the outcome is reported.
 */
export function PeopleSection({ api, items, ownEmail }: PeopleSectionProps) {
  const headingId = useId();
  const one = items.length === 1 ? items[0] : undefined;
  const [email, setEmail] = useState("");
  const [problem, setProblem] = useState<string>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [shares, setShares] = useState<ShareInfo[]>();
  const [loadError, setLoadError] = useState<string>();
  const [removing, setRemoving] = useState<string>();

  useEffect(() => {
    if (!one) return;
    const abort = new AbortController();
    api.sharing.shares(one.id, abort.signal).then(setShares, (error: unknown) => {
      if (!abort.signal.aborted) setLoadError((error as Error).message);
    });
    return () => abort.abort();
  }, [api, one]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const typed = email.trim();
    setDone(undefined);
    if (!/^[^\s@]+@[^\s@]+$/.test(typed)) {
      setProblem("Enter an email address, like name@example.com.");
      return;
    }
    if (sameEmail(typed, ownEmail)) {
      setProblem("That's your own email: you already have it.");
      return;
    }
    setProblem(undefined);
    setBusy(true);
    try {
      let share: ShareInfo | undefined;
      for (const item of items) share = await api.sharing.share(item.id, typed);
      if (!share) return;
      const added = share;
      setShares((list) => [added, ...(list ?? []).filter((s) => s.userId !== added.userId)]);
      setEmail("");
      const what = one ? "it" : `${items.length.toLocaleString()} items`;
      setDone(
        added.pending
          ? `Shared ${what} with ${added.name}. They see it once they verify their email.`
          : `Shared ${what} with ${added.name}.`,
      );
    } catch (error) {
      setProblem(shareProblem(error, typed));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (share: ShareInfo) => {
    if (!one) return;
    setRemoving(share.userId);
    setDone(undefined);
    try {
      await api.sharing.unshare(one.id, share.userId);
      setShares((list) => list?.filter((s) => s.userId !== share.userId));
      setDone(`${share.name} no longer has it.`);
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setRemoving(undefined);
    }
  };

  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <h3 id={headingId} className={styles.sectionTitle}>
        People
      </h3>
      <form className={styles.addPerson} onSubmit={submit} noValidate>
        <TextField
          label="Email address"
          type="email"
          autoComplete="off"
          inputMode="email"
          value={email}
          error={problem}
          hint="They need a ShareSpace account. They can view and download, not edit or delete."
          onChange={(event) => setEmail(event.currentTarget.value)}
        />
        <Button type="submit" variant="primary" busy={busy}>
          Share
        </Button>
      </form>
      {done && <Alert tone="success">{done}</Alert>}
      {one && loadError && <Alert tone="danger">{loadError}</Alert>}
      {one && shares && shares.length > 0 && (
        <ul className={styles.people} aria-label="Shared with">
          {shares.map((share) => (
            <li key={share.userId} className={styles.person}>
              <Avatar name={share.name} size="sm" />
              <div className={styles.personText}>
                <span className={styles.personName}>{share.name}</span>
                <span className={styles.personEmail}>
                  {share.email}
                  {share.pending && " · waiting for them to verify their email"}
                </span>
              </div>
              <Button
                size="sm"
                variant="ghost"
                busy={removing === share.userId}
                onClick={() => void remove(share)}
              >
                Remove<span className="visually-hidden"> {share.name}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      {one && shares?.length === 0 && <p className={styles.note}>Not shared with anyone yet.</p>}
    </section>
  );
}
