import type { Lock, Locker, LockOptions } from "../../src/distributed.ts";
import { MemoryLeaseStore } from "./memory-store.ts";

let tokens = 0;

/**
 * In-memory {@link Locker} double with the adapters' semantics: one `setIfAbsent` per
 * occurrence, the key kept until its TTL ends (`unlock()` sends nothing), a long run's lock
 * extended every third of the TTL while it is held. Lockers sharing one
 * {@link MemoryLeaseStore} behave like instances sharing one Redis.
 *
 * @example
 * const store = new MemoryLeaseStore(clock);
 * const a = new MemoryLocker(store), b = new MemoryLocker(store);
 */
export class MemoryLocker implements Locker {
  readonly store: MemoryLeaseStore;
  /** Set to false to make every call fail, as if the backend were unreachable. */
  reachable = true;
  /** Keys asked for, in order (handy in scheduler tests). */
  readonly asked: string[] = [];

  constructor(store: MemoryLeaseStore = new MemoryLeaseStore()) {
    this.store = store;
  }

  async lock(key: string, options: LockOptions): Promise<Lock | null> {
    this.asked.push(key);
    this.check(options);
    return this.take(key, options);
  }

  /** Throws as a backend that cannot be asked would: aborted, or unreachable. */
  protected check(options: LockOptions): void {
    if (options.signal?.aborted) throw options.signal.reason;
    if (!this.reachable) throw new Error("memory locker unreachable");
  }

  /** One `SET NX PX` on `key`: a Lock when it was free. */
  protected take(key: string, options: LockOptions): Lock | null {
    tokens += 1;
    const token = `memory-token-${tokens}`;
    if (!this.store.setIfAbsent(key, token, options.ttlMs)) return null;
    return new MemoryLock(this, key, token, options.ttlMs);
  }
}

/**
 * {@link MemoryLocker} with `lockMany`: every key of a batch taken in one atomic step (like one
 * Redis script), each with the same semantics as `lock()`. Counts its calls: `batches` holds
 * the keys of every `lockMany` call, `asked` only those of `lock()` calls.
 */
export class BatchMemoryLocker extends MemoryLocker {
  readonly batches: string[][] = [];
  /** The options of every `lockMany` call, in order. */
  readonly batchOptions: LockOptions[] = [];
  /** When set, `lockMany` waits for it before answering (an answer in flight). */
  hold: Promise<void> | null = null;

  async lockMany(keys: string[], options: LockOptions): Promise<(Lock | null)[]> {
    this.batches.push([...keys]);
    this.batchOptions.push(options);
    if (this.hold !== null) await this.hold;
    this.check(options);
    return keys.map((key) => this.take(key, options));
  }
}

class MemoryLock implements Lock {
  #timer: unknown;
  #held = true;

  constructor(
    private readonly locker: MemoryLocker,
    private readonly key: string,
    private readonly token: string,
    private readonly ttlMs: number,
  ) {
    this.#arm();
  }

  #arm(): void {
    const clock = this.locker.store.clock;
    this.#timer = clock.setTimer(() => {
      if (!this.#held) return;
      // A failed or lost extension ends the extending: the key is someone else's or gone.
      if (!this.locker.reachable || !this.locker.store.extendIfOwner(this.key, this.token, this.ttlMs)) {
        this.#held = false;
        return;
      }
      this.#arm();
    }, this.ttlMs / 3);
  }

  async unlock(): Promise<void> {
    if (!this.#held) return;
    this.#held = false;
    this.locker.store.clock.clearTimer(this.#timer);
  }
}
