import { db } from "../db";
import { mediaSettings } from "./settings";

/** What a user stores, and may store. */
export interface UsageInfo {
  /** Ready items: their bytes and how many. */
  usage: { bytes: number; count: number };
  quota: { bytes: number };
  /** Ready, processing and in-flight bytes: what the quota is checked against. */
  reservedBytes: number;
}

/** The user's usage, from their usage item (a GetItem). */
export async function usageOf(userId: string): Promise<UsageInfo> {
  const { data } = await db().entities.usage.get({ userId }).go({ consistent: true });
  return {
    usage: { bytes: data?.bytes ?? 0, count: data?.count ?? 0 },
    quota: { bytes: mediaSettings().quotaBytes },
    reservedBytes: data?.reservedBytes ?? 0,
  };
}
