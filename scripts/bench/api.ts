/**
 * API latency through the local stack (the API Gateway emulator with its JWT authorizer,
 * the real handlers, DynamoDB Local and s3rver): p50 and p99 of sequential requests per hot
 * route (`GET /api/media`, `GET /api/media/{id}`, `POST /api/media`, a link opened by an
 * anonymous visitor, `POST /api/auth/refresh`, `GET /api/me`), and the emulator's own
 * overhead: the server's time over a `GET /api/media` less the handler's time inside it
 * (beside it, the round trip against the same request given to the handler directly). Then the accounts' figures: sign-in (the password KDF dominates it),
 * a refused one, and the KDF alone.
 *
 *   BENCH_LATENCY_RUNS (default 500), BENCH_LOGIN_RUNS (default 30)
 * @module
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";
import type { LambdaHandler } from "../../packages/local/src/apigw";
import { createLambdaContext } from "../../packages/local/src/apigw/context";
import { buildEvent, newRequestId } from "../../packages/local/src/apigw/event";
import { type Figure, figure, median, quantile } from "./figure";
import { signUpBench, startBenchStack } from "./stack";

const runs = Number(process.env.BENCH_LATENCY_RUNS ?? 500);
const loginRuns = Number(process.env.BENCH_LOGIN_RUNS ?? 30);

/** Sequential samples of `fn` in ms, after a warm-up. */
async function sample(fn: () => Promise<void>, count = runs): Promise<number[]> {
  for (let i = 0; i < Math.min(20, count); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

const latency = (name: string, samples: number[], p99Target?: number): Figure[] => [
  figure(`${name} p50`, { value: median(samples), unit: "ms" }),
  figure(
    `${name} p99`,
    { value: quantile(samples, 0.99), unit: "ms" },
    p99Target === undefined ? undefined : { kind: "max", value: p99Target, of: "value" },
  ),
];

type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<{
  statusCode?: number;
}>;

export async function run(): Promise<Figure[]> {
  // The emulator's own time for a request: the server's time over it (arrival to the
  // answer's end), less the Media handler's time inside it. Recorded while `timing` is on.
  let timing = false;
  let handlerMs = 0;
  const emulatorMs: number[] = [];
  let media: Handler | undefined;
  const timedMedia: Handler = async (event, context) => {
    media ??= (await import("../../packages/functions/src/media")).handler as Handler;
    const started = performance.now();
    try {
      return await media(event, context);
    } finally {
      handlerMs = performance.now() - started;
    }
  };
  const stack = await startBenchStack({
    tableName: "bench-api-Table",
    bucketName: "bench-api",
    handlers: { Media: timedMedia as LambdaHandler },
    onServed(req, ms) {
      if (timing && req.method === "GET" && req.url === "/api/media") {
        emulatorMs.push(ms - handlerMs);
      }
    },
  });
  try {
    const { url } = stack;
    const user = await signUpBench(url, "Latency");
    // Imported once the stack has set the handlers' environment (core reads links lazily).
    const { Media } = await import("../../packages/core/src/media");
    const { Actor } = await import("../../packages/core/src/actor");
    const direct = (await import("../../packages/functions/src/media")).handler as Handler;

    // A library of 30 ready items, made the way Process makes them.
    const ids: string[] = [];
    await Actor.provide({ type: "user", userId: user.id }, async () => {
      for (let i = 0; i < 30; i++) {
        const { media: item } = await Media.create({
          filename: `IMG_${i}.jpg`,
          contentType: "image/jpeg",
          size: 1000,
        });
        const ref = { ownerId: user.id, mediaId: item.id };
        await Media.startProcessing(ref);
        await Media.markReady(ref, { size: 1000, width: 40, height: 30 });
        ids.push(item.id);
      }
    });
    const auth = { authorization: `Bearer ${user.token}` };
    const expect = async (res: Response, status: number, what: string) => {
      if (res.status !== status) throw new Error(`${what} answered ${res.status}`);
      await res.arrayBuffer();
    };
    const figures: Figure[] = [];

    const list = await sample(async () =>
      expect(await fetch(`${url}/api/media`, { headers: auth }), 200, "GET /api/media"),
    );
    figures.push(...latency("latency GET /api/media", list));
    let n = 0;
    const one = await sample(async () =>
      expect(
        await fetch(`${url}/api/media/${ids[n++ % ids.length]}`, { headers: auth }),
        200,
        "GET /api/media/{id}",
      ),
    );
    figures.push(...latency("latency GET /api/media/{id}", one));
    const create = await sample(async () =>
      expect(
        await fetch(`${url}/api/media`, {
          method: "POST",
          headers: { ...auth, "content-type": "application/json" },
          body: JSON.stringify({ filename: "new.jpg", contentType: "image/jpeg", size: 1000 }),
        }),
        201,
        "POST /api/media",
      ),
    );
    figures.push(...latency("latency POST /api/media", create));

    // A link to one of the items, opened by an anonymous visitor (each open counts a view).
    const made = await fetch(`${url}/api/media/${ids[0]}/links`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: "{}",
    });
    if (made.status !== 201) throw new Error(`POST /api/media/{id}/links answered ${made.status}`);
    const { link } = (await made.json()) as { link: { token: string } };
    const open = await sample(async () =>
      expect(await fetch(`${url}/api/links/${link.token}`), 200, "GET /api/links/{token}"),
    );
    figures.push(...latency("latency GET /api/links/{token}", open));
    let cookie = user.cookie;
    const refresh = await sample(async () => {
      const res = await fetch(`${url}/api/auth/refresh`, { method: "POST", headers: { cookie } });
      cookie =
        res.headers
          .getSetCookie()
          .find((c) => c.startsWith("ss_refresh="))
          ?.split(";")[0] ?? "";
      await expect(res, 200, "POST /api/auth/refresh");
    });
    figures.push(...latency("latency POST /api/auth/refresh", refresh));

    const me = await sample(async () =>
      expect(await fetch(`${url}/api/me`, { headers: auth }), 200, "GET /api/me"),
    );
    figures.push(...latency("latency GET /api/me", me));

    // The emulator's overhead, measured in the server (see `emulatorMs`); beside it, the
    // round trip through it against the same GET given to the handler in this process, with
    // the event the emulator would build (claims as its authorizer would set them). That
    // difference also holds this process's own HTTP client and its share of the event loop.
    // Interleaved with requests through the emulator, so the machine's load hits both alike.
    const viaEmulator: number[] = [];
    const handlerTimes: number[] = [];
    timing = true;
    await sample(async () => {
      const started = performance.now();
      await expect(await fetch(`${url}/api/media`, { headers: auth }), 200, "GET /api/media");
      viaEmulator.push(performance.now() - started);
      const event = buildEvent({
        request: {
          method: "GET",
          rawPath: "/api/media",
          rawQueryString: "",
          headers: [["host", "127.0.0.1"]],
          body: Buffer.alloc(0),
          sourceIp: "127.0.0.1",
          sourcePort: 50000,
          protocol: "HTTP/1.1",
          scheme: "http",
          localPort: 80,
        },
        routeKey: "GET /api/media",
        requestId: newRequestId(),
        timeEpoch: Date.now(),
        claims: { sub: user.id },
      }) as APIGatewayProxyEventV2WithJWTAuthorizer;
      const handlerStarted = performance.now();
      const answer = await direct(event, createLambdaContext("Media", 30_000));
      if (answer.statusCode !== 200) throw new Error(`direct GET answered ${answer.statusCode}`);
      handlerTimes.push(performance.now() - handlerStarted);
    });
    timing = false;
    // Without the warm-up's samples.
    viaEmulator.splice(0, Math.min(20, runs));
    handlerTimes.splice(0, Math.min(20, runs));
    emulatorMs.splice(0, Math.min(20, runs));
    figures.push(
      figure(
        "emulator overhead GET /api/media p50",
        { value: median(emulatorMs), unit: "ms" },
        { kind: "max", value: 2, of: "value" },
      ),
      figure("round trip through the emulator less the handler called directly p50", {
        value: median(viaEmulator) - median(handlerTimes),
        unit: "ms",
      }),
      figure("GET /api/media to the handler directly p50", {
        value: median(handlerTimes),
        unit: "ms",
      }),
    );

    // Accounts: sign-in, the KDF alone, and a refused sign-in (it must cost the same).
    const { hashPassword, verifyPassword } = await import(
      "../../packages/core/src/account/password"
    );
    const stored = await hashPassword(user.password);
    const kdf = await sample(async () => {
      await verifyPassword(user.password, stored);
    }, loginRuns);
    const login = await sample(
      async () =>
        expect(
          await fetch(`${url}/api/auth/login`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ email: user.email, password: user.password }),
          }),
          200,
          "POST /api/auth/login",
        ),
      loginRuns,
    );
    let stranger = 0;
    const refused = await sample(
      async () =>
        expect(
          await fetch(`${url}/api/auth/login`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ email: `nobody${stranger++}@bench.example`, password: "x" }),
          }),
          401,
          "unknown-email sign-in",
        ),
      loginRuns,
    );
    figures.push(
      figure(
        "sign-in p50 (vs the password KDF alone)",
        { value: median(login), unit: "ms", baseline: median(kdf) },
        { kind: "max", value: 1.5, of: "ratio" },
      ),
      figure(
        "unknown-email sign-in p50 (vs a real sign-in)",
        { value: median(refused), unit: "ms", baseline: median(login) },
        undefined,
        "≈ 1× (no enumeration by timing)",
      ),
    );
    return figures;
  } finally {
    await stack.close();
  }
}
