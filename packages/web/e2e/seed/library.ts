/**
 * Seeds a library in a running local stack: straight into DynamoDB and the bucket through
 * core (fast: 50,000 items in about a minute), or through the API as a browser would (a
 * create, a PUT to the presigned URL, then processing). Test and bench helper; never part
 * of the app.
 * @module
 */
import { createHash } from "node:crypto";
import { artwork, shapes } from "./artwork";

/**
 * Points core (DynamoDB, S3, SST links) at the local stack whose app is at `baseUrl`, with
 * the environment the stack gives its own handlers. Its DynamoDB and S3 ports are the app's
 * port + 1 and + 2 (the stack's defaults) unless `E2E_DYNAMODB_URL` / `E2E_S3_URL` say.
 */
export async function useLocalStack(baseUrl: string) {
  const { handlerEnvironment } = await import("@sharespace/local/src/environment");
  const { LOCAL_BUCKET, LOCAL_TABLE } = await import("@sharespace/local/src/server");
  const { SES_PATH } = await import("@sharespace/local/src/mail");
  const port = Number(new URL(baseUrl).port);
  const env = handlerEnvironment({
    tableName: LOCAL_TABLE,
    bucketName: LOCAL_BUCKET,
    issuer: `${baseUrl}/api`,
    // Seeding signs nothing.
    signingKey: "",
    dynamoDbEndpoint: process.env.E2E_DYNAMODB_URL ?? `http://127.0.0.1:${port + 1}`,
    s3Endpoint: process.env.E2E_S3_URL ?? `http://localhost:${port + 2}`,
    sesEndpoint: `${baseUrl}${SES_PATH}`,
    sqsEndpoint: `${baseUrl}/_local/sqs`,
  });
  Object.assign(process.env, env);
  // The API's clients give up after a second, as a stalled table must answer 503 fast;
  // seeding sends batches DynamoDB Local may take longer over on a busy machine.
  const { budgets } = await import("@sharespace/core/clients");
  budgets.dynamo.requestTimeoutMs = 30_000;
  budgets.s3.requestTimeoutMs = 30_000;
}

export interface SeedOptions {
  ownerId: string;
  count: number;
  /** How many of the newest items get real thumbnails and previews in the bucket. */
  withPictures?: number;
  /** The newest item's time; the others spread back from it. */
  newest?: Date;
  /** How far back the items go, in days. */
  spanDays?: number;
  /** A few videos, one item still processing and one that failed, as a real library has. */
  variety?: boolean;
  /** Title the newest items (the viewer shows titles). */
  titles?: readonly string[];
}

const DAY = 24 * 60 * 60 * 1000;

const places = [
  "Harbour at dawn",
  "Hills above the lake",
  "Evening walk",
  "First snow",
  "Market day",
  "Long weekend",
  "Grandma's garden",
  "The coast road",
];

/** Writes `count` items (newest first) for `ownerId`; resolves with their ids, newest first. */
export async function seedLibrary(options: SeedOptions): Promise<string[]> {
  const { db } = await import("@sharespace/core/db");
  const { createId } = await import("@sharespace/core/id");
  const { Storage } = await import("@sharespace/core/storage");
  const { count, ownerId, withPictures = 0, variety = false } = options;
  const newest = options.newest?.getTime() ?? Date.now();
  const span = (options.spanDays ?? Math.max(30, count / 10)) * DAY;
  const now = new Date().toISOString();

  if (count > withPictures) await preparePlaceholders();
  type Item = Record<string, unknown>;
  const items: Item[] = [];
  const months = new Map<string, number>();
  let bytes = 0;
  let ready = 0;
  let random = 7;
  const next = () => {
    random = (random * 1103515245 + 12345) % 2147483648;
    return random / 2147483648;
  };

  // A couple of dozen distinct pictures, rendered once and shared by the items.
  const seeds = Math.min(withPictures, 16);
  const pictures = await Promise.all(Array.from({ length: seeds }, (_, seed) => artwork(seed)));
  const writes: (() => Promise<void>)[] = [];

  for (let i = 0; i < count; i++) {
    const mediaId = createId("med");
    // Bunched like real libraries: busy weeks and quiet ones.
    const takenAt = new Date(newest - (i / count) * span - next() * (span / count) * 0.9);
    const seed = i % Math.max(1, seeds || 10);
    const [width, height] = shapes[seed % shapes.length] as readonly [number, number];
    const video = variety && i % 23 === 5;
    const status = variety && i === 2 ? "processing" : variety && i === 9 ? "failed" : "ready";
    const art = i < withPictures && status === "ready" ? pictures[seed] : undefined;
    if (art) {
      writes.push(
        () => Storage.derived.write(ownerId, mediaId, "thumbnail", art.thumbnail, "image/webp"),
        () => Storage.derived.write(ownerId, mediaId, "preview", art.preview, "image/webp"),
      );
    }
    const size = 1_500_000 + Math.round(next() * 4_000_000);
    items.push({
      mediaId,
      ownerId,
      filename: video ? `VID_${20260000 + i}.mp4` : `IMG_${4000 + i}.jpg`,
      title: options.titles?.[i] ?? (i % 11 === 0 ? (places[i % places.length] as string) : ""),
      description: "",
      contentType: video ? "video/mp4" : "image/jpeg",
      size,
      width: video ? 1920 : width,
      height: video ? 1080 : height,
      ...(video ? { durationSeconds: 8 + Math.round(next() * 90) } : {}),
      takenAt: takenAt.toISOString(),
      takenAtSource: "exif",
      status,
      visibility: "v",
      ...(status === "failed"
        ? { failure: "The file is not the JPEG image it says it is." }
        : { placeholder: art?.placeholder ?? placeholderFor(seed) }),
      ...(art ? { derivatives: ["thumbnail", "preview"] } : {}),
      upload: { kind: "put" },
      createdAt: now,
      updatedAt: now,
    });
    const month = takenAt.toISOString().slice(0, 7);
    months.set(month, (months.get(month) ?? 0) + 1);
    if (status === "ready") {
      bytes += size;
      ready++;
    }
  }

  await runLimited(writes, 16, (write) => write());
  const service = db();
  // Batches of 25 (DynamoDB's BatchWriteItem), a few at a time.
  const batches: Item[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  await runLimited(batches, 8, async (batch) => {
    const { unprocessed } = await service.entities.media
      .put(batch as Parameters<typeof service.entities.media.put>[0] & unknown[])
      .go();
    if (unprocessed.length) throw new Error(`${unprocessed.length} items were not written`);
  });
  await runLimited([...months], 8, ([month, added]) =>
    service.entities.monthCount.update({ ownerId, month }).add({ count: added }).go(),
  );
  await service.entities.usage
    .update({ userId: ownerId })
    .add({ bytes, count: ready, reservedBytes: bytes })
    .go();
  return items.map((item) => item.mediaId as string);
}

/** ThumbHashes for items without pictures, from the same palettes. */
const placeholders = new Map<number, string>();
const placeholderFor = (seed: number) => placeholders.get(seed % 10) as string;

/** Renders the palettes' placeholders once, so seeding 50,000 items needs no image work. */
export async function preparePlaceholders() {
  for (let seed = 0; seed < 10; seed++) {
    if (!placeholders.has(seed)) placeholders.set(seed, (await artwork(seed)).placeholder);
  }
}

async function runLimited<T>(
  work: readonly T[],
  limit: number,
  task: (item: T) => Promise<unknown>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, work.length) }, async () => {
      while (next < work.length) await task(work[next++] as T);
    }),
  );
}

/** What a test needs to act as a person through the API. */
export interface ApiActor {
  baseUrl: string;
  accessToken: string;
  userId: string;
}

/** Signs a new person up through the API. */
export async function signUp(
  baseUrl: string,
  name = "Seeded Person",
): Promise<ApiActor & { cookie: string }> {
  const response = await fetch(`${baseUrl}/api/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({
      name,
      email: `seed.${Date.now()}.${Math.random().toString(36).slice(2)}@example.com`,
      password: "violet harbour lantern",
    }),
  });
  if (response.status !== 201) throw new Error(`sign-up answered ${response.status}`);
  const body = (await response.json()) as { accessToken: string; user: { id: string } };
  return {
    baseUrl,
    accessToken: body.accessToken,
    userId: body.user.id,
    cookie: response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; "),
  };
}

/**
 * Uploads a picture as the web app does: `POST /api/media`, then a PUT of the bytes to the
 * presigned URL. Then waits for processing; while the stack's Process function does not
 * process images yet, it stands in for it through core (the same transitions Process
 * makes), so the item ends `ready` either way.
 */
export async function uploadPicture(
  actor: ApiActor,
  options: { seed: number; filename: string; lastModified?: Date },
): Promise<string> {
  const art = await artwork(options.seed);
  const checksum = createHash("sha256").update(art.original).digest("base64");
  const created = await fetch(`${actor.baseUrl}/api/media`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${actor.accessToken}` },
    body: JSON.stringify({
      filename: options.filename,
      contentType: "image/jpeg",
      size: art.original.byteLength,
      checksum,
      ...(options.lastModified ? { lastModified: options.lastModified.toISOString() } : {}),
    }),
  });
  if (created.status !== 201) throw new Error(`POST /api/media answered ${created.status}`);
  const { media, upload } = (await created.json()) as {
    media: { id: string };
    upload: { url: string; headers: Record<string, string> };
  };
  const put = await fetch(upload.url, {
    method: "PUT",
    headers: upload.headers,
    body: new Uint8Array(art.original),
  });
  if (!put.ok) throw new Error(`PUT to the bucket answered ${put.status}`);

  const status = async () => {
    const response = await fetch(`${actor.baseUrl}/api/media/${media.id}`, {
      headers: { authorization: `Bearer ${actor.accessToken}` },
    });
    return ((await response.json()) as { media: { status: string } }).media.status;
  };
  const deadline = Date.now() + 4_000;
  while (Date.now() < deadline) {
    const now = await status();
    if (now === "ready" || now === "failed") return media.id;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await standInForProcess(actor.userId, media.id, art);
  return media.id;
}

async function standInForProcess(
  ownerId: string,
  mediaId: string,
  art: Awaited<ReturnType<typeof artwork>>,
) {
  const { Media } = await import("@sharespace/core/media");
  const { Storage } = await import("@sharespace/core/storage");
  const ref = { ownerId, mediaId };
  await Media.startProcessing(ref);
  await Storage.derived.write(ownerId, mediaId, "thumbnail", art.thumbnail, "image/webp");
  await Storage.derived.write(ownerId, mediaId, "preview", art.preview, "image/webp");
  await Media.markReady(ref, {
    size: art.original.byteLength,
    width: art.width,
    height: art.height,
    placeholder: art.placeholder,
    derivatives: ["thumbnail", "preview"],
  });
}
