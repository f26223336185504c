import type { LinkInfo, LinkPage, MediaInfo } from "@sharespace/core/schema";
import { Link } from "@tanstack/react-router";
import { useEffect, useRef, useState } from "react";
import type { ApiClient } from "../api";
import { Alert } from "../components/alert";
import { Button, buttonClass } from "../components/button";
import { EmptyState } from "../components/empty-state";
import { SharedArt } from "../components/illustrations";
import { Page } from "../components/page";
import { nameOf } from "../gallery/describe";
import { LinkRow } from "../share/link-row";
import shareStyles from "../share/share-dialog.module.css";
import styles from "./links-page.module.css";

export interface LinksPageProps {
  api: Pick<ApiClient, "sharing" | "media">;
  /** The first page, from the route's loader. */
  first: LinkPage;
}

/**
 * "Links": every link I made, newest first, each with its item, views, expiry and state,
 * and the same copy, QR code, edit and revoke as in the share dialog.
 */
export function LinksPage({ api, first }: LinksPageProps) {
  const [links, setLinks] = useState(first.items);
  const [cursor, setCursor] = useState(first.nextCursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  const items = useItems(api, links);

  const more = async () => {
    if (!cursor) return;
    setLoading(true);
    setError(undefined);
    try {
      const page = await api.sharing.myLinks({ cursor });
      setLinks((list) => [...list, ...page.items]);
      setCursor(page.nextCursor);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setLoading(false);
    }
  };

  const replace = (link: LinkInfo) =>
    setLinks((list) => list.map((l) => (l.token === link.token ? link : l)));

  return (
    <Page title="Links" description="Every link you made, newest first.">
      {links.length === 0 ? (
        <EmptyState
          art={<SharedArt />}
          title="No links yet"
          actions={
            <Link to="/gallery" className={buttonClass({ variant: "primary" })}>
              Go to the gallery
            </Link>
          }
        >
          Open a photo or video and choose Share to make a link anyone can open, with a password, an
          expiry or a view limit if you like.
        </EmptyState>
      ) : (
        <ul className={styles.list}>
          {links.map((link) => {
            const item = items.get(link.mediaId);
            return (
              <li key={link.token} className={styles.entry}>
                <Link
                  to="/gallery/$id"
                  params={{ id: link.mediaId }}
                  className={styles.item}
                  preload={false}
                >
                  {item?.urls?.thumbnail ? (
                    <img className={styles.thumb} src={item.urls.thumbnail} alt="" />
                  ) : (
                    <span className={styles.thumb} />
                  )}
                  <span className={styles.itemName}>{item ? nameOf(item) : "Photo or video"}</span>
                </Link>
                <ul className={shareStyles.links}>
                  <LinkRow
                    link={link}
                    title={item ? nameOf(item) : "ShareSpace"}
                    onUpdate={async (body) =>
                      replace(await api.sharing.updateLink(link.mediaId, link.token, body))
                    }
                    onRevoke={async () => {
                      await api.sharing.revokeLink(link.mediaId, link.token);
                      setLinks((list) => list.filter((l) => l.token !== link.token));
                    }}
                  />
                </ul>
              </li>
            );
          })}
        </ul>
      )}
      {error && <Alert tone="danger">{error}</Alert>}
      {cursor && (
        <div className={styles.more}>
          <Button busy={loading} onClick={() => void more()}>
            Show more
          </Button>
        </div>
      )}
    </Page>
  );
}

/** The items the links point to (name and thumbnail), each fetched once. */
function useItems(api: Pick<ApiClient, "media">, links: readonly LinkInfo[]) {
  const [items, setItems] = useState<ReadonlyMap<string, MediaInfo>>(new Map());
  const requested = useRef(new Set<string>());
  const abort = useRef<AbortController>(undefined);
  useEffect(() => {
    abort.current ??= new AbortController();
    const { signal } = abort.current;
    for (const { mediaId } of links) {
      if (requested.current.has(mediaId)) continue;
      requested.current.add(mediaId);
      api.media.get(mediaId, signal).then(
        (item) => setItems((known) => new Map(known).set(mediaId, item)),
        () => requested.current.delete(mediaId),
      );
    }
  }, [api, links]);
  useEffect(
    () => () => {
      abort.current?.abort();
      abort.current = undefined;
      requested.current.clear();
    },
    [],
  );
  return items;
}
