import { createHash, randomBytes } from "node:crypto";
import sharp from "sharp";
import type { BrowserClient, TestResponse, TestStack } from "../../packages/local/test/stack";

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

/** A signed-in simulated user. */
export interface User {
  id: string;
  client: BrowserClient;
  token: string;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each user from its own loopback address, as people sign in from their own. */
const address = (index: number) => `127.0.${Math.floor(index / 200) + 1}.${(index % 200) + 2}`;

/** A small JPEG nobody uploaded before: random colour and noise, so every checksum differs. */
async function uniquePhoto(): Promise<Buffer> {
  const [r = 0, g = 0, b = 0] = randomBytes(3);
  const noise = randomBytes(64 * 48 * 3);
  const base = await sharp(noise, { raw: { width: 64, height: 48, channels: 3 } })
    .png()
    .toBuffer();
  return sharp({ create: { width: 96, height: 64, channels: 3, background: { r, g, b } } })
    .composite([{ input: base, top: 8, left: 16 }])
    .jpeg({ quality: 80 })
    .toBuffer();
}

/**
 * Simulated people using the app at once: each signs in, then until `until` lists
 * its library, reads the timeline, uploads small photos and refreshes its token, with a
 * short pause between actions. Every answer is recorded in `calls`, every acknowledged
 * upload in `uploads`.
 */
export function createLoad(stack: TestStack) {
  const calls: Call[] = [];
  const uploads: Acknowledged[] = [];
  const users: User[] = [];

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

  /** Accounts made before the load starts (sign-up is not what the load measures). */
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
    return { id: res.json.user.id as string, client, ...account };
  }

  /** Signs in, trying again (as a person would) while the app is down. */
  async function signIn(account: Awaited<ReturnType<typeof signUp>>, until: number) {
    while (Date.now() < until) {
      const login = await call(account.client, "login", "POST", "/api/auth/login", {
        body: { email: account.email, password: account.password },
      });
      if (login.status === 200) {
        const user = {
          id: account.id,
          client: account.client,
          token: login.json.accessToken as string,
        };
        users.push(user);
        return user;
      }
      await pause(500);
    }
    return undefined;
  }

  async function upload(user: User) {
    const bytes = await uniquePhoto();
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
    if (created.status !== 201) return;
    const { url, headers } = created.json.upload as {
      url: string;
      headers: Record<string, string>;
    };
    const put = await fetch(url, { method: "PUT", headers, body: bytes });
    calls.push({ what: "put", status: put.status, started: Date.now(), ended: Date.now() });
    if (put.ok) {
      uploads.push({
        userId: user.id,
        token: () => user.token,
        mediaId: created.json.media.id,
        size: bytes.byteLength,
        sha256,
      });
    }
  }

  async function act(user: User, until: number) {
    for (let round = 0; Date.now() < until; round++) {
      await call(user.client, "list", "GET", "/api/media?limit=30", { token: user.token });
      await upload(user);
      if (round % 4 === 3) {
        await call(user.client, "timeline", "GET", "/api/media/timeline", { token: user.token });
        const refreshed = await call(user.client, "refresh", "POST", "/api/auth/refresh");
        if (refreshed.status === 200) user.token = refreshed.json.accessToken;
      }
      await pause(150 + Math.random() * 350);
    }
  }

  return {
    calls,
    uploads,
    users,
    /**
     * Signs `count` accounts up (a few at a time: password hashing is the slow part), then
     * runs them until `until` (ms since the epoch), each signing in at its own moment within
     * `rampMs`, as people arrive.
     */
    async run(count: number, until: number, rampMs: number) {
      const accounts: Awaited<ReturnType<typeof signUp>>[] = [];
      for (let i = 0; i < count; i += 4) {
        accounts.push(
          ...(await Promise.all(
            Array.from({ length: Math.min(4, count - i) }, (_, j) => signUp(i + j)),
          )),
        );
      }
      const begin = Date.now();
      return {
        begin,
        done: Promise.all(
          accounts.map(async (account, index) => {
            await pause((rampMs * index) / count);
            const user = await signIn(account, until + begin);
            if (user) await act(user, until + begin);
          }),
        ),
      };
    },
  };
}
