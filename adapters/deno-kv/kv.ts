/**
 * The part of `Deno.Kv` the adapters use, spelled out so the package needs no Deno types: a
 * `Deno.Kv` from `Deno.openKv()` (local SQLite, Deno Deploy, or a remote KV via `KV Connect`)
 * fits it as it is, and so does any object with these methods.
 */
export interface DenoKv {
  get(key: DenoKvKey): Promise<DenoKvEntryMaybe>;
  /** At most 10 keys a call (Deno KV's limit). */
  getMany(keys: DenoKvKey[]): Promise<DenoKvEntryMaybe[]>;
  atomic(): DenoKvAtomic;
}

/** One part of a Deno KV key. */
export type DenoKvKeyPart = Uint8Array | string | number | bigint | boolean;

/** A Deno KV key: its parts, most significant first. */
export type DenoKvKey = readonly DenoKvKeyPart[];

/** What `get` answers: `versionstamp` null when the key holds nothing. */
export interface DenoKvEntryMaybe {
  readonly value: unknown;
  readonly versionstamp: string | null;
}

/** An atomic operation: all checks pass and every mutation is made, or nothing is. */
export interface DenoKvAtomic {
  /** Fails the commit unless `key` has this versionstamp (null: unless it is absent). */
  check(...checks: Array<{ key: DenoKvKey; versionstamp: string | null }>): DenoKvAtomic;
  /** `expireIn` (integer ms) is the earliest time KV may delete the key, not a deadline. */
  set(key: DenoKvKey, value: unknown, options?: { expireIn?: number }): DenoKvAtomic;
  /** `ok: false` when a check failed; throws on any other failure. */
  commit(): Promise<{ readonly ok: boolean; readonly versionstamp?: string }>;
}

/** Deno KV's limits on one call (the same locally and on Deno Deploy). */
export const KV_LIMITS = {
  /** Keys one `getMany` reads. */
  getMany: 10,
  /** Checks one atomic commit may carry. */
  checks: 100,
  /** Bytes of keys one atomic commit may carry (checks and mutations counted apart). */
  keyBytes: 81_920,
} as const;
