import type { Elector } from "../../src/distributed.ts";
import { MemoryLeaseStore } from "./memory-store.ts";

/** Options of {@link MemoryElector}; the same knobs as the Upstash elector. */
export interface MemoryElectorOptions {
  store?: MemoryLeaseStore;
  /** @default "isocron:leader" */
  key?: string;
  /** @default 15_000 */
  ttlMs?: number;
  /** How long a follower's "no" is trusted. @default ttlMs / 3 */
  checkMs?: number;
  /** Stop claiming leadership this long before the lease ends. @default ttlMs / 5 */
  marginMs?: number;
  instanceId?: string;
}

let instances = 0;

/**
 * In-memory {@link Elector} double: a lease in a shared {@link MemoryLeaseStore}, renewed
 * (or taken) by one operation once a third of it has passed, trusted until `marginMs` before
 * it ends; a follower asks again after `checkMs`. `reachable = false` makes its operations
 * fail, so a leader steps down when its cached lease runs out.
 */
export class MemoryElector implements Elector {
  readonly store: MemoryLeaseStore;
  readonly key: string;
  readonly instanceId: string;
  reachable = true;
  readonly #ttlMs: number;
  readonly #checkMs: number;
  readonly #marginMs: number;
  #leaseFrom = Number.NEGATIVE_INFINITY; // when the last successful renewal was sent
  #leading = false;
  #followUntil = Number.NEGATIVE_INFINITY;
  #stopped = false;

  constructor(options: MemoryElectorOptions = {}) {
    this.store = options.store ?? new MemoryLeaseStore();
    this.key = options.key ?? "isocron:leader";
    this.#ttlMs = options.ttlMs ?? 15_000;
    this.#checkMs = options.checkMs ?? this.#ttlMs / 3;
    this.#marginMs = options.marginMs ?? this.#ttlMs / 5;
    instances += 1;
    this.instanceId = options.instanceId ?? `memory-elector-${instances}`;
  }

  async isLeader(signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) throw signal.reason;
    if (this.#stopped) return false;
    const now = this.store.clock.now();
    const validUntil = this.#leaseFrom + this.#ttlMs - this.#marginMs;
    if (this.#leading && now < this.#leaseFrom + this.#ttlMs / 3) return true;
    if (!this.#leading && now < this.#followUntil) return false;
    if (!this.reachable) {
      if (this.#leading && now < validUntil) return true; // renewal failed, lease still trusted
      this.#leading = false;
      throw new Error("memory elector unreachable");
    }
    this.#leading = this.store.renewOrTake(this.key, this.instanceId, this.#ttlMs);
    if (this.#leading) this.#leaseFrom = now;
    else this.#followUntil = now + this.#checkMs;
    return this.#leading;
  }

  /** Releases the lease (when held) so another instance takes over at its next check. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#leading && this.reachable) this.store.deleteIfOwner(this.key, this.instanceId);
    this.#leading = false;
  }
}
