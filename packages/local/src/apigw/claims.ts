/**
 * Turns verified JWT claims into what API Gateway puts in `requestContext.authorizer.jwt.claims`:
 * every value a string (README, "Event"). Numbers keep their digits (`"1787996002"`),
 * arrays print Go-style (`"[admin poweruser]"`), objects become JSON text and null claims
 * are left out.
 */
export function stringifyClaims(payload: Record<string, unknown>): Record<string, string> {
  const claims = new Map<string, string>();
  for (const [name, value] of Object.entries(payload)) {
    if (value === null || value === undefined) continue;
    claims.set(name, claimText(value));
  }
  return Object.fromEntries(claims);
}

function claimText(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return `[${value.map(claimText).join(" ")}]`;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
