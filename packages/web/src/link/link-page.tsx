import type { LinkVisit } from "@sharespace/core/schema";
import { Link } from "@tanstack/react-router";
import { type FormEvent, useRef, useState } from "react";
import type { LinksApi } from "../api";
import { Alert } from "../components/alert";
import { AuthLayout } from "../components/auth-layout";
import { Button, buttonClass } from "../components/button";
import { Outcome } from "../components/outcome";
import { PasswordField } from "../components/password-field";
import { Spinner } from "../components/spinner";
import { formatDuration } from "../gallery/describe";
import { placeholderUrl } from "../gallery/placeholder";
import { describeExpiry } from "../share/policy";
import styles from "./link-page.module.css";
import { type GoneReason, useLinkVisit } from "./use-link-visit";

export interface LinkPageProps {
  links: LinksApi;
  token: string;
}

/**
 * `/s/{token or slug}`: what someone shared by link, for anyone holding it, signed in or
 * not: the photo or video with its title, a download button when the link allows it, a
 * password prompt when it needs one, and a clear page when it no longer works.
 */
export function LinkPage({ links, token }: LinkPageProps) {
  const { state, unlock, renew } = useLinkVisit(links, token);
  // Media that stop loading (their URLs ran out, or the link ended) ask once a minute at
  // most: a file that is broken for good must not loop.
  const lastRenewal = useRef(0);
  const onMediaError = () => {
    if (Date.now() - lastRenewal.current < 60_000) return;
    lastRenewal.current = Date.now();
    void renew();
  };

  if (state.status === "loading") {
    return (
      <div className={styles.pending}>
        <title>Opening a shared link · ShareSpace</title>
        <Spinner size="lg" label="Opening the link…" />
      </div>
    );
  }
  if (state.status === "password") {
    return <PasswordPrompt problem={state.problem} busy={state.busy} onSubmit={unlock} />;
  }
  if (state.status === "gone") return <Gone reason={state.reason} />;
  if (state.status === "error") {
    return (
      <AuthLayout title="This link didn't open">
        <Outcome
          tone="warning"
          actions={
            <Button variant="primary" block onClick={() => window.location.reload()}>
              Try again
            </Button>
          }
        >
          <p>{state.message}</p>
        </Outcome>
      </AuthLayout>
    );
  }
  return <Shared visit={state.visit} onMediaError={onMediaError} />;
}

function PasswordPrompt({
  problem,
  busy,
  onSubmit,
}: {
  problem: string | undefined;
  busy: boolean;
  onSubmit(password: string): Promise<void>;
}) {
  const [password, setPassword] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password) void onSubmit(password);
  };
  return (
    <AuthLayout
      title="This link has a password"
      subtitle="Whoever shared it with you can tell you what it is."
    >
      <form className={styles.form} onSubmit={submit} noValidate>
        <PasswordField
          label="Password"
          autoComplete="off"
          value={password}
          error={problem}
          onChange={(event) => setPassword(event.currentTarget.value)}
        />
        <Button type="submit" variant="primary" block busy={busy}>
          Open
        </Button>
      </form>
    </AuthLayout>
  );
}

const gone: Record<GoneReason, { title: string; body: string }> = {
  missing: {
    title: "This link doesn't work",
    body: "Its owner may have turned it off, or the address may be mistyped. Ask whoever sent it for a new one.",
  },
  expired: {
    title: "This link has expired",
    body: "It was only meant to work for a while, and that time is over. Ask whoever sent it for a new one.",
  },
  exhausted: {
    title: "This link has been used up",
    body: "It could only be opened a set number of times, and it has been. Ask whoever sent it for a new one.",
  },
};

function Gone({ reason }: { reason: GoneReason }) {
  const { title, body } = gone[reason];
  return (
    <AuthLayout title={title}>
      <Outcome
        tone="warning"
        actions={
          <Link to="/" className={buttonClass({ variant: "secondary", block: true })}>
            About ShareSpace
          </Link>
        }
      >
        <p>{body}</p>
      </Outcome>
    </AuthLayout>
  );
}

function Shared({ visit, onMediaError }: { visit: LinkVisit; onMediaError(): void }) {
  const { media } = visit;
  const name = media.title.trim() || media.filename;
  const video = media.contentType.startsWith("video/");
  const urls = media.urls;
  const placeholder = placeholderUrl(media.placeholder);
  // A playing video keeps the address it started with: a renewed URL would restart it.
  const videoSrc = useRef<string | undefined>(undefined);
  videoSrc.current ??= urls?.original;

  return (
    <div className={`container ${styles.page}`}>
      <title>{`${name} · ShareSpace`}</title>
      <figure className={styles.figure}>
        <div
          className={styles.frame}
          style={{
            aspectRatio:
              media.width && media.height ? `${media.width} / ${media.height}` : undefined,
            backgroundImage: placeholder ? `url("${placeholder}")` : undefined,
          }}
        >
          {media.status !== "ready" || !urls ? (
            <p className={styles.notReady}>This is still being prepared. Try again in a moment.</p>
          ) : video && videoSrc.current ? (
            // biome-ignore lint/a11y/useMediaCaption: people's own videos come without captions.
            <video
              className={styles.media}
              src={videoSrc.current}
              poster={urls.preview}
              controls
              playsInline
              preload="metadata"
              aria-label={name}
              onError={onMediaError}
            />
          ) : (
            <img
              className={styles.media}
              src={urls.preview ?? urls.original ?? urls.thumbnail}
              alt={media.description.trim() || name}
              onError={onMediaError}
            />
          )}
        </div>
        <figcaption className={styles.caption}>
          <div className={styles.titles}>
            <h1 className={styles.title}>{name}</h1>
            {media.description.trim() && <p className={styles.description}>{media.description}</p>}
            <p className={styles.meta}>
              {[
                video &&
                  media.durationSeconds !== undefined &&
                  formatDuration(media.durationSeconds),
                visit.expiresAt && describeExpiry(visit.expiresAt, Date.now()),
              ]
                .filter(Boolean)
                .join(" · ")}
            </p>
          </div>
          {urls?.download && (
            <a
              className={buttonClass({ variant: "primary" })}
              href={urls.download}
              download={media.filename}
            >
              Download
            </a>
          )}
        </figcaption>
      </figure>
      {!urls?.download && (
        <Alert tone="info" className={styles.noDownload}>
          The owner chose not to allow downloads of this {video ? "video" : "photo"}.
        </Alert>
      )}
    </div>
  );
}
