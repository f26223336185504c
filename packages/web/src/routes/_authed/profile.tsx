import { createFileRoute, useNavigate, useRouter } from "@tanstack/react-router";
import { Avatar } from "../../components/avatar";
import { Card } from "../../components/card";
import { DeleteAccount } from "../../components/delete-account";
import { Page } from "../../components/page";
import { RouteError } from "../../components/route-error";
import { ProfileNameForm } from "../../forms/profile-name-form";
import { formatBytes, formatDate } from "../../lib/format";
import styles from "../../styles/profile.module.css";

export const Route = createFileRoute("/_authed/profile")({
  loader: ({ context }) => context.api.me(),
  component: ProfilePage,
  errorComponent: RouteError,
});

function ProfilePage() {
  const me = Route.useLoaderData();
  const { api } = Route.useRouteContext();
  const router = useRouter();
  const navigate = useNavigate();
  const share = me.quota.bytes > 0 ? Math.min(1, me.usage.bytes / me.quota.bytes) : 0;
  const percent = Math.round(share * 100);

  return (
    <Page title="Your profile" description="Your account details and how much space you use.">
      <div className={styles.grid}>
        <Card title="Account">
          <div className={styles.identity}>
            <Avatar name={me.name} size="lg" />
            <div className={styles.identityText}>
              <span className={styles.identityName}>{me.name}</span>
              <span className={styles.identityEmail}>{me.email}</span>
            </div>
          </div>
          <dl className={styles.facts}>
            <div className={styles.fact}>
              <dt>Email</dt>
              <dd>{me.emailVerified ? "Verified" : "Not verified yet"}</dd>
            </div>
            <div className={styles.fact}>
              <dt>Member since</dt>
              <dd>
                <time dateTime={me.createdAt}>{formatDate(me.createdAt)}</time>
              </dd>
            </div>
          </dl>
        </Card>

        <Card title="Storage" description="Originals count toward your quota; previews don't.">
          <div className={styles.usage}>
            <p className={styles.usageFigure}>
              <span className={styles.usageUsed}>{formatBytes(me.usage.bytes)}</span>
              <span className={styles.usageOf}>of {formatBytes(me.quota.bytes)} used</span>
            </p>
            <meter
              className={styles.meter}
              aria-label="Storage used"
              min={0}
              max={me.quota.bytes}
              value={me.usage.bytes}
              high={me.quota.bytes * 0.9}
            >
              {percent}%
            </meter>
            <p className={styles.usageNote}>
              {me.usage.count === 1 ? "1 item" : `${me.usage.count} items`} ·{" "}
              {formatBytes(Math.max(0, me.quota.bytes - me.usage.bytes))} free
            </p>
          </div>
        </Card>

        <Card
          className={styles.wide}
          title="Change your name"
          description="The name people see when you share with them."
        >
          <ProfileNameForm
            defaultName={me.name}
            onSubmit={async (body) => {
              await api.updateMe(body);
              // `sync`: resolve once the loader has the new name, so "saved" and the page agree.
              await router.invalidate({ sync: true });
            }}
          />
        </Card>

        <Card
          className={styles.wide}
          title="Delete your account"
          description="Removes everything, at once and for good."
        >
          <DeleteAccount
            onDelete={async () => {
              await api.deleteAccount();
              // Leave the protected page first, so the guards don't send this deliberate
              // sign-out to the sign-in page.
              await navigate({ to: "/", state: { accountDeleted: true } });
              await api.auth.signOut();
            }}
          />
        </Card>
      </div>
    </Page>
  );
}
