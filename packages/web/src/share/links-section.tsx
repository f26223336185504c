import type { LinkInfo, MediaInfo } from "@sharespace/core/schema";
import { useEffect, useId, useState } from "react";
import type { ApiClient } from "../api";
import { Alert } from "../components/alert";
import { Button } from "../components/button";
import { isVideo } from "../gallery/describe";
import { LinkForm } from "./link-form";
import { LinkRow } from "./link-row";
import styles from "./share-dialog.module.css";

export interface LinksSectionProps {
  api: Pick<ApiClient, "sharing">;
  item: MediaInfo;
}

/** One item's links: each with its views, expiry and state; a form for a new one. */
export function LinksSection({ api, item }: LinksSectionProps) {
  const headingId = useId();
  const [links, setLinks] = useState<LinkInfo[]>();
  const [loadError, setLoadError] = useState<string>();
  const [creating, setCreating] = useState(false);
  /** The link just made: its row opens with the QR code and copy at hand. */
  const [fresh, setFresh] = useState<string>();

  useEffect(() => {
    const abort = new AbortController();
    api.sharing.links(item.id, abort.signal).then(setLinks, (error: unknown) => {
      if (!abort.signal.aborted) setLoadError((error as Error).message);
    });
    return () => abort.abort();
  }, [api, item.id]);

  const replace = (link: LinkInfo) =>
    setLinks((list) => list?.map((l) => (l.token === link.token ? link : l)));

  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <div className={styles.sectionHead}>
        <h3 id={headingId} className={styles.sectionTitle}>
          Links
        </h3>
        {!creating && (
          <Button size="sm" variant="secondary" onClick={() => setCreating(true)}>
            New link
          </Button>
        )}
      </div>
      <p className={styles.note}>
        {`Anyone with a link can see this ${isVideo(item) ? "video" : "photo"}, signed in or not.`}
        {isVideo(item) ? "" : " They never get its location data."}
      </p>
      {creating && (
        <LinkForm
          title="New link"
          submitLabel="Create link"
          onCancel={() => setCreating(false)}
          onSubmit={async (body) => {
            const link = await api.sharing.createLink(item.id, body);
            setLinks((list) => [link, ...(list ?? [])]);
            setFresh(link.token);
            setCreating(false);
          }}
        />
      )}
      {loadError && <Alert tone="danger">{loadError}</Alert>}
      {links && links.length > 0 && (
        <ul className={styles.links} aria-label="Links to this item">
          {links.map((link) => (
            <LinkRow
              key={link.token}
              link={link}
              title={item.title.trim() || item.filename}
              fresh={fresh === link.token}
              onUpdate={async (body) =>
                replace(await api.sharing.updateLink(item.id, link.token, body))
              }
              onRevoke={async () => {
                await api.sharing.revokeLink(item.id, link.token);
                setLinks((list) => list?.filter((l) => l.token !== link.token));
              }}
            />
          ))}
        </ul>
      )}
      {links?.length === 0 && !creating && <p className={styles.note}>No links yet.</p>}
    </section>
  );
}
