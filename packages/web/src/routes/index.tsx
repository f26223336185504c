import { createFileRoute, Link, useRouterState } from "@tanstack/react-router";
import { Alert } from "../components/alert";
import { buttonClass } from "../components/button";
import { HealthStatus } from "../components/health-status";
import { HeroVisual } from "../components/hero-visual";
import { Icon } from "../components/icon";
import { RouteError } from "../components/route-error";
import { Welcome } from "../components/welcome";
import { useAuth } from "../lib/use-auth";
import styles from "../styles/home.module.css";

export const Route = createFileRoute("/")({
  // The page greets a signed-in person differently: it waits for the session.
  beforeLoad: ({ context }) => context.auth.settled(),
  // Not awaited: the page shows at once and the status fills in when the API answers.
  loader: ({ context }) => ({
    health: context.api.health().then(
      () => true,
      () => false,
    ),
  }),
  component: HomePage,
  errorComponent: RouteError,
});

const features = [
  {
    title: "Private until you share",
    body: "Everything you upload is yours alone. Share one photo with one person, and take it back whenever you like.",
    icon: (
      <Icon>
        <rect x="4" y="9" width="12" height="8" rx="2" />
        <path d="M7 9V6.5a3 3 0 0 1 6 0V9" />
      </Icon>
    ),
  },
  {
    title: "Links on your terms",
    body: "Give a link an expiry date or a password, or turn off downloads. See how often it was opened.",
    icon: (
      <Icon>
        <path d="M8.5 11.5a3.5 3.5 0 0 0 5 0l2.5-2.5a3.5 3.5 0 0 0-5-5l-1 1" />
        <path d="M11.5 8.5a3.5 3.5 0 0 0-5 0L4 11a3.5 3.5 0 0 0 5 5l1-1" />
      </Icon>
    ),
  },
  {
    title: "Full quality, light previews",
    body: "Originals stay exactly as you took them. Previews load fast on any phone, without your location inside.",
    icon: (
      <Icon>
        <rect x="3" y="4" width="14" height="12" rx="2.5" />
        <path d="m3.5 14 4-4.5 3 3 2-2 4 3.5" />
        <circle cx="13" cy="7.5" r="1.2" />
      </Icon>
    ),
  },
  {
    title: "Open source",
    body: "Run it in your own AWS account, or try it on your laptop with one command and no cloud at all.",
    icon: (
      <Icon>
        <path d="m7 6-4 4 4 4M13 6l4 4-4 4M11 4.5l-2 11" />
      </Icon>
    ),
  },
];

function HomePage() {
  const { health } = Route.useLoaderData();
  const { state } = useAuth();
  const accountDeleted = useRouterState({
    select: (s) => s.location.state.accountDeleted === true,
  });
  if (state.status === "signed-in") {
    return (
      <>
        <title>ShareSpace</title>
        <Welcome user={state.user} isNewAccount={state.isNewAccount} health={health} />
      </>
    );
  }

  return (
    <>
      <title>ShareSpace · Share photos and videos on your terms</title>
      <section className={styles.hero} aria-labelledby="home-title">
        <div className={`container ${styles.heroInner}`}>
          <div className={styles.copy}>
            {accountDeleted && (
              <Alert tone="success" title="Your account is deleted">
                Your photos, videos, shares and links are being removed. Thank you for using
                ShareSpace.
              </Alert>
            )}
            <span className={styles.eyebrow}>
              <span className={styles.eyebrowDot} aria-hidden="true" />
              Open source · private by default
            </span>
            <h1 id="home-title" className={styles.title}>
              Your photos and videos, <span className={styles.accent}>shared on your terms</span>
            </h1>
            <p className={styles.lead}>
              ShareSpace keeps your memories in one calm place. Share them with the people you
              choose, or by a link that expires, and keep the originals in full quality.
            </p>
            <div className={styles.ctas}>
              <Link to="/signup" className={buttonClass({ variant: "primary", size: "lg" })}>
                Create account
              </Link>
              <Link to="/signin" className={buttonClass({ variant: "secondary", size: "lg" })}>
                Sign in
              </Link>
            </div>
            <div className={styles.status}>
              <HealthStatus health={health} />
            </div>
          </div>
          <HeroVisual />
        </div>
      </section>

      <section className={`container ${styles.features}`} aria-labelledby="features-title">
        <h2 id="features-title" className={styles.featuresTitle}>
          Made for sharing, not for selling you
        </h2>
        <p className={styles.featuresLead}>
          No feeds, no ads, no algorithms: just your pictures and the people you choose.
        </p>
        <ul className={styles.featureGrid}>
          {features.map((feature) => (
            <li key={feature.title} className={styles.feature}>
              <span className={styles.featureIcon}>{feature.icon}</span>
              <h3 className={styles.featureTitle}>{feature.title}</h3>
              <p className={styles.featureBody}>{feature.body}</p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
