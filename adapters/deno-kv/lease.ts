/**
 * What the adapters store under a lock or lease key. `expiresAt` is epoch ms by the clock of
 * the instance that wrote it, plus the TTL: the key's `expireIn` is only the earliest time
 * Deno KV may delete it (deletion is lazy, it may be much later), so a reader treats a value
 * whose `expiresAt` has passed by its own clock as absent.
 */
export interface Lease {
  /** The lock's `<holder>:<random>` (or the random part alone), or the elector's instanceId. */
  readonly holder: string;
  readonly expiresAt: number;
}

/** The stored value as a {@link Lease}, or null when it is something else (not ours to touch). */
export function asLease(value: unknown): Lease | null {
  if (value === null || typeof value !== "object") return null;
  const { holder, expiresAt } = value as Partial<Record<keyof Lease, unknown>>;
  if (typeof holder !== "string" || typeof expiresAt !== "number" || !Number.isFinite(expiresAt)) return null;
  return { holder, expiresAt };
}

/** A commit's versionstamp, or null when the commit failed its checks; anything else is a broken KV. */
export function committed(result: unknown): string | null | undefined {
  if (result === null || typeof result !== "object") return undefined;
  const { ok, versionstamp } = result as { ok?: unknown; versionstamp?: unknown };
  if (ok === false) return null;
  return ok === true && typeof versionstamp === "string" ? versionstamp : undefined;
}
