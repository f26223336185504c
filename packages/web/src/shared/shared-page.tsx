import {
  limits,
  type SharedMedia,
  type SharedPage as SharedPageData,
} from "@sharespace/core/schema";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ApiClient } from "../api";
import { Alert } from "../components/alert";
import { Button } from "../components/button";
import { EmptyState } from "../components/empty-state";
import { Icon } from "../components/icon";
import { SharedArt } from "../components/illustrations";
import { Page } from "../components/page";
import { formatDuration, formatMonth, isVideo, nameOf } from "../gallery/describe";
import { aspectOf, justify, rowOptionsFor } from "../gallery/layout";
import { placeholderUrl } from "../gallery/placeholder";
import { useWidth } from "../gallery/use-window";
import { formatDate } from "../lib/format";
import { groupByMonth } from "./group";
import styles from "./shared-page.module.css";
import { SharedViewer } from "./shared-viewer";

/** Presigned GETs last `limits.media.getUrlSeconds`: fetch the shown pages again well before. */
const RENEW_AFTER_MS = (limits.media.getUrlSeconds - 10 * 60) * 1000;
/** A thumbnail that fails to load (its URL expired: a laptop woke up) renews at most this often. */
const RENEW_ON_ERROR_MS = 60_000;
const PAGE_SIZE = 60;

export interface SharedPageProps {
  api: Pick<ApiClient, "sharing">;
  /** The first page, from the route's loader. */
  first: SharedPageData;
}

/**
 * "Shared with me": what other people shared with me, in the gallery's style (months of
 * rows, newest share first), each tile saying who shared it. A tile opens the item over
 * the page, with a download. The shown pages are fetched again before their URLs expire,
 * and when a thumbnail stops loading.
 */
export function SharedPage({ api, first }: SharedPageProps) {
  const [items, setItems] = useState(first.items);
  const [cursor, setCursor] = useState(first.nextCursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  const [openId, setOpenId] = useState<string>();
  const open = items.find((item) => item.id === openId);
  const months = useMemo(() => groupByMonth(items), [items]);
  const renew = useRenewal(api, items.length, (fresh, next) => {
    setItems(fresh);
    setCursor(next);
  });
  const [list, setList] = useState<HTMLDivElement | null>(null);
  const width = useWidth(list);

  const more = async () => {
    if (!cursor) return;
    setLoading(true);
    setError(undefined);
    try {
      const page = await api.sharing.sharedWithMe({ cursor, limit: PAGE_SIZE });
      setItems((list) => [...list, ...page.items]);
      setCursor(page.nextCursor);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setLoading(false);
    }
  };

  return (
    <Page title="Shared with me" description="Photos and videos other people shared with you.">
      {items.length === 0 ? (
        <EmptyState art={<SharedArt />} title="Nothing shared with you yet">
          When someone shares a photo or video with your email address, it shows up here.
        </EmptyState>
      ) : (
        <div className={styles.months} ref={setList}>
          {months.map(({ month, items: inMonth }, index) => (
            <section key={month} className={styles.month} aria-labelledby={`shared-${month}`}>
              <div className={styles.monthHeader}>
                <h2 id={`shared-${month}`} className={styles.monthTitle}>
                  {formatMonth(month)}
                </h2>
                {/* The last month shown may go on in the next page: no count it would belie. */}
                {(!cursor || index < months.length - 1) && (
                  <span className={styles.monthCount}>
                    {inMonth.length.toLocaleString()} {inMonth.length === 1 ? "item" : "items"}
                  </span>
                )}
              </div>
              {/* Laid out once the page's width is known (right after the first render). */}
              {width > 0 && (
                <MonthGrid
                  items={inMonth}
                  width={width}
                  onOpen={(item) => setOpenId(item.id)}
                  onStale={renew}
                />
              )}
            </section>
          ))}
          {error && <Alert tone="danger">{error}</Alert>}
          {cursor && (
            <div className={styles.more}>
              <Button busy={loading} onClick={() => void more()}>
                Show more
              </Button>
            </div>
          )}
        </div>
      )}
      {open && <SharedViewer item={open} onClose={() => setOpenId(undefined)} />}
    </Page>
  );
}

/**
 * Fetches the shown pages again (as many items as are shown, from the first page, so a new
 * share appears too) every `RENEW_AFTER_MS`, and at once when `renew` is called, at most
 * once a minute. A failed renewal keeps what is shown; the next one tries again.
 */
function useRenewal(
  api: SharedPageProps["api"],
  shown: number,
  apply: (items: SharedMedia[], cursor: string | null) => void,
) {
  const latest = useRef({ shown, apply });
  latest.current = { shown, apply };
  const last = useRef(Date.now());
  const run = useCallback(async () => {
    last.current = Date.now();
    const fresh: SharedMedia[] = [];
    let cursor: string | null | undefined;
    try {
      do {
        const page = await api.sharing.sharedWithMe({
          cursor: cursor ?? undefined,
          limit: PAGE_SIZE,
        });
        fresh.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && fresh.length < latest.current.shown);
      latest.current.apply(fresh, cursor ?? null);
    } catch {
      // Offline or signed out: what is shown stays, and the next renewal tries again.
    }
  }, [api]);
  useEffect(() => {
    const timer = setInterval(() => void run(), RENEW_AFTER_MS);
    return () => clearInterval(timer);
  }, [run]);
  return useCallback(() => {
    if (Date.now() - last.current >= RENEW_ON_ERROR_MS) void run();
  }, [run]);
}

/** A month's items in the gallery's justified rows (the same layout function). */
function MonthGrid({
  items,
  width,
  onOpen,
  onStale,
}: {
  items: readonly SharedMedia[];
  width: number;
  onOpen(item: SharedMedia): void;
  /** A thumbnail did not load: its URL may have expired. */
  onStale(): void;
}) {
  const options = useMemo(() => rowOptionsFor(width), [width]);
  const rows = useMemo(
    () =>
      justify(
        items.map((item) => aspectOf(item.width, item.height)),
        options,
      ),
    [items, options],
  );
  return (
    <ul className={styles.grid} style={{ gap: options.gap }}>
      {rows.flatMap((row) =>
        row.widths.map((tileWidth, index) => {
          const item = items[row.start + index] as SharedMedia;
          return (
            <SharedTile
              key={item.id}
              item={item}
              width={tileWidth}
              height={row.height}
              onOpen={() => onOpen(item)}
              onStale={onStale}
            />
          );
        }),
      )}
    </ul>
  );
}

function SharedTile({
  item,
  width,
  height,
  onOpen,
  onStale,
}: {
  item: SharedMedia;
  width: number;
  height: number;
  onOpen(): void;
  onStale(): void;
}) {
  const [loaded, setLoaded] = useState(false);
  const placeholder = placeholderUrl(item.placeholder);
  const thumbnail = item.urls?.thumbnail;
  return (
    <li className={styles.cell} style={{ width, height }}>
      <button
        type="button"
        className={styles.tile}
        onClick={onOpen}
        style={{ backgroundImage: placeholder ? `url("${placeholder}")` : undefined }}
      >
        {thumbnail && (
          <img
            className={[styles.image, loaded && styles.loaded].filter(Boolean).join(" ")}
            src={thumbnail}
            alt=""
            decoding="async"
            onLoad={() => setLoaded(true)}
            onError={onStale}
          />
        )}
        {isVideo(item) && (
          <span className={styles.video} aria-hidden="true">
            <Icon viewBox="0 0 20 20" strokeWidth={0}>
              <path d="M7 5.5v9l7.5-4.5z" fill="currentColor" />
            </Icon>
            {item.durationSeconds !== undefined && formatDuration(item.durationSeconds)}
          </span>
        )}
        <span className={styles.by}>
          <span className="visually-hidden">{`${nameOf(item)}, shared by `}</span>
          {item.sharedBy.name}
          <span className="visually-hidden">{` on ${formatDate(item.sharedAt)}`}</span>
        </span>
      </button>
    </li>
  );
}
