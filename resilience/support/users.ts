import { createHash } from "node:crypto";
import type { BrowserClient, TestResponse, TestStack } from "../../packages/local/test/stack";
import { createPhotos } from "./photos";

/** One answer the simulated users got, for the checks afterwards. */
export interface Call {
  what: string;
  status: number;
  code?: string;
  started: number;
  ended: number;
}

/** An upload the app acknowledged: created, and its bytes accepted by the bucket. */
export interface Acknowledged {
  userId: string;
  token: () => string;
  mediaId: string;
  size: number;
  sha256: string;
}

/** A share the app acknowledged (201): `mediaId` of `ownerId`, shared with `recipientId`. */
export interface Shared {
  ownerId: string;
  mediaId: string;
  recipientId: string;
}

/** A link the app created (201), and the media it is for. */
export interface Linked {
  token: string;
  mediaId: string;
}

/** A signed-in simulated user. */
export interface User {
  id: string;
  email: string;
  client: BrowserClient;
  token: string;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A person's pause between two actions: 1 to 3 s, the time to look at a page and pick the
 * next thing. Fifty people acting with no pause would be a flood of a few hundred requests a
 * second, a benchmark of the one process that runs the whole stack here, not fifty people.
 */
const thinkTime = () => pause(1_000 + Math.random() * 2_000);

/** Each user from its own loopback address, as people sign in from their own. */
const address = (index: number) => `127.0.${Math.floor(index / 200) + 1}.${(index % 200) + 2}`;

/** One person in this many signs in with a password; the others resume their session. */
const PASSWORD_ONE_IN = 5;

const pick = <T>(list: T[]): T | undefined => list[Math.floor(Math.random() * list.length)];

/**
 * Simulated people using the app at once: each signs in, then until the end lists its
 * library, uploads small photos, shares one with another user or makes a link to it, opens a
 * link someone made (as an anonymous visitor), reads what is shared with it and its timeline,
 * and refreshes its token, thinking between actions. Every answer is recorded in `calls`.
 */
export function createLoad(stack: TestStack) {
  const calls: Call[] = [];
  const uploads: Acknowledged[] = [];
  const users: User[] = [];
  const shares: Shared[] = [];
  const links: Linked[] = [];
  /** Links opened during the load whose answer named another media item than the link's. */
  const wrongMedia: string[] = [];
  /** When the people stop (ms since the epoch): `keepGoingUntil` may move it later. */
  let stopAt = 0;
  let photo: () => Buffer = () => {
    throw new Error("createLoad: run() makes the photos first");
  };

  async function call(
    client: BrowserClient,
    what: string,
    method: string,
    path: string,
    options = {},
  ) {
    const started = Date.now();
    const res: TestResponse = await client.request(method, path, options);
    calls.push({
      what,
      status: res.status,
      code: res.json?.error?.code,
      started,
      ended: Date.now(),
    });
    return res;
  }

  /** Accounts made and verified before the load starts (not what the load measures). */
  async function signUp(index: number) {
    const client = stack.client({ from: address(index) });
    const account = {
      email: `load.${index}.${Date.now()}@example.com`,
      password: "violet-harbour-42",
    };
    const res = await client.request("POST", "/api/auth/signup", {
      body: { ...account, name: `Load ${index}` },
    });
    if (res.status !== 201) throw new Error(`sign-up ${index}: ${res.status} ${res.text}`);
    // Verified, so what others share with them is theirs at once (not `pending`).
    const link = stack.mail
      .messages(account.email)
      .flatMap((message) => message.links)
      .find((l) => new URL(l).pathname === "/verify");
    const token = link && new URL(link).searchParams.get("token");
    const verified = await client.request("POST", "/api/auth/verify", { body: { token } });
    if (verified.status !== 204) throw new Error(`verify ${index}: ${verified.status}`);
    return { id: res.json.user.id as string, client, ...account };
  }

  /**
   * Signs in, trying again (as a person would) while the app is down. Most people come back
   * to a browser that is still signed in: the web app trades its refresh cookie on start
   * (`resume`). One in `PASSWORD_ONE_IN` types a password (`login`): each costs a memory-hard
   * hash, about a second of one of the two cores here (330 ms on its own core in a Lambda).
   */
  async function signIn(account: Awaited<ReturnType<typeof signUp>>, index: number) {
    const withPassword = index % PASSWORD_ONE_IN === 0;
    while (Date.now() < stopAt) {
      const answer = withPassword
        ? await call(account.client, "login", "POST", "/api/auth/login", {
            body: { email: account.email, password: account.password },
          })
        : await call(account.client, "resume", "POST", "/api/auth/refresh");
      if (answer.status === 200) {
        const user = { ...account, token: answer.json.accessToken as string };
        users.push(user);
        return user;
      }
      await thinkTime();
    }
    return undefined;
  }

  /** Uploads a new photo; the acknowledged upload, if the app took it. */
  async function upload(user: User) {
    const bytes = photo();
    const sha256 = createHash("sha256").update(bytes).digest("base64");
    const created = await call(user.client, "create", "POST", "/api/media", {
      token: user.token,
      body: {
        filename: "load.jpg",
        contentType: "image/jpeg",
        size: bytes.byteLength,
        checksum: sha256,
      },
    });
    if (created.status !== 201) return undefined;
    const { url, headers } = created.json.upload as {
      url: string;
      headers: Record<string, string>;
    };
    const started = Date.now();
    const put = await fetch(url, { method: "PUT", headers, body: bytes });
    calls.push({ what: "put", status: put.status, started, ended: Date.now() });
    if (!put.ok) return undefined;
    const acknowledged = {
      userId: user.id,
      token: () => user.token,
      mediaId: created.json.media.id as string,
      size: bytes.byteLength,
      sha256,
    };
    uploads.push(acknowledged);
    return acknowledged;
  }

  async function share(user: User, mediaId: string) {
    const recipient = pick(users.filter((u) => u.id !== user.id));
    if (!recipient) return;
    const res = await call(user.client, "share", "POST", `/api/media/${mediaId}/shares`, {
      token: user.token,
      body: { email: recipient.email },
    });
    if (res.status === 201) shares.push({ ownerId: user.id, mediaId, recipientId: recipient.id });
  }

  async function createLink(user: User, mediaId: string) {
    const res = await call(user.client, "link", "POST", `/api/media/${mediaId}/links`, {
      token: user.token,
      body: {},
    });
    if (res.status === 201) links.push({ token: res.json.link.token, mediaId });
  }

  /** Someone who was sent a link opens it: no account, no cookies, from another address. */
  async function openLink(index: number) {
    const link = pick(links);
    if (!link) return;
    const visitor = stack.client({ from: address(index + 1000) });
    const res = await call(visitor, "open link", "GET", `/api/links/${link.token}`);
    if (res.status === 200 && res.json.media?.id !== link.mediaId) wrongMedia.push(link.token);
  }

  /**
   * Trades the refresh cookie, as the web app does ahead of expiry: after a failure it tries
   * again soon, with the same cookie (the new one never arrived). Whether it got through.
   */
  async function refresh(user: User) {
    for (let attempt = 0; attempt < 5 && Date.now() < stopAt; attempt++) {
      const refreshed = await call(user.client, "refresh", "POST", "/api/auth/refresh");
      await thinkTime();
      if (refreshed.status === 200) {
        user.token = refreshed.json.accessToken;
        return true;
      }
    }
    return false;
  }

  async function act(user: User, index: number) {
    let refreshDue = false;
    for (let round = 0; Date.now() < stopAt; round++) {
      await call(user.client, "list", "GET", "/api/media?limit=30", { token: user.token });
      await thinkTime();
      const uploaded = await upload(user);
      await thinkTime();
      if (uploaded && round % 2 === 0) await share(user, uploaded.mediaId);
      else if (uploaded) await createLink(user, uploaded.mediaId);
      await thinkTime();
      if (round % 2 === 1) {
        await openLink(index);
        await thinkTime();
        await call(user.client, "shared", "GET", "/api/shared?limit=30", { token: user.token });
        await thinkTime();
      }
      if (round % 3 === 2) {
        await call(user.client, "timeline", "GET", "/api/media/timeline", { token: user.token });
        await thinkTime();
        refreshDue = true;
      }
      if (refreshDue) refreshDue = !(await refresh(user));
    }
  }

  return {
    calls,
    uploads,
    users,
    shares,
    links,
    wrongMedia,
    /** Keeps the people going at least until `at` (ms since the epoch). */
    keepGoingUntil(at: number) {
      stopAt = Math.max(stopAt, at);
    },
    /**
     * Makes the photos, signs `count` accounts up (two at a time; under the tests only a
     * password's first hash is real: `packages/local/test/hash-once.ts`), then runs them for
     * `durationMs`, each signing in at its own moment within
     * `rampMs`, as people arrive. `begin` is when the clock started.
     */
    async run(count: number, durationMs: number, rampMs: number) {
      photo = await createPhotos();
      const accounts: Awaited<ReturnType<typeof signUp>>[] = [];
      for (let i = 0; i < count; i += 2) {
        accounts.push(
          ...(await Promise.all(
            Array.from({ length: Math.min(2, count - i) }, (_, j) => signUp(i + j)),
          )),
        );
      }
      const begin = Date.now();
      stopAt = begin + durationMs;
      return {
        begin,
        done: Promise.all(
          accounts.map(async (account, index) => {
            await pause((rampMs * index) / count);
            const user = await signIn(account, index);
            if (user) await act(user, index);
          }),
        ),
      };
    },
  };
}
