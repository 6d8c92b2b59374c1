import type { Clock } from "../../src/clock.ts";
import { systemClock } from "../../src/clock.ts";

interface Entry {
  value: string;
  expiresAt: number;
}

/**
 * The shared backend of the in-memory locker and elector doubles: a key/value map with
 * per-key expiry read from a {@link Clock}, and the same atomic operations the Redis scripts
 * perform. `commands` counts operations, like the Upstash proxy counts commands.
 */
export class MemoryLeaseStore {
  readonly clock: Clock;
  commands = 0;
  #entries = new Map<string, Entry>();

  constructor(clock: Clock = systemClock) {
    this.clock = clock;
  }

  /** `SET key value NX PX ttl`. */
  setIfAbsent(key: string, value: string, ttlMs: number): boolean {
    this.commands += 1;
    if (this.get(key) !== undefined) return false;
    this.#entries.set(key, { value, expiresAt: this.clock.now() + ttlMs });
    return true;
  }

  /** Extends `key` by `ttlMs` from now when `value` holds it. */
  extendIfOwner(key: string, value: string, ttlMs: number): boolean {
    this.commands += 1;
    if (this.get(key) !== value) return false;
    this.#entries.set(key, { value, expiresAt: this.clock.now() + ttlMs });
    return true;
  }

  /** Extends the lease when `value` holds it, takes it when free; false when another holds it. */
  renewOrTake(key: string, value: string, ttlMs: number): boolean {
    this.commands += 1;
    const holder = this.get(key);
    if (holder !== undefined && holder !== value) return false;
    this.#entries.set(key, { value, expiresAt: this.clock.now() + ttlMs });
    return true;
  }

  /** Deletes `key` only when `value` holds it. */
  deleteIfOwner(key: string, value: string): boolean {
    this.commands += 1;
    if (this.get(key) !== value) return false;
    this.#entries.delete(key);
    return true;
  }

  /** The live value of `key` (expired entries read as absent). Not counted. */
  get(key: string): string | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.clock.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Removes `key` as if it had expired (test hook). Not counted. */
  drop(key: string): void {
    this.#entries.delete(key);
  }
}
