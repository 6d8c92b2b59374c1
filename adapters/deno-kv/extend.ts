import type { Clock } from "../../src/clock.ts";
import type { Lock } from "../../src/distributed.ts";
import { callKv, stopIfAborted, whenFree } from "./call.ts";
import { KV_LIMITS, type DenoKv, type DenoKvKey } from "./kv.ts";
import { asLease, committed } from "./lease.ts";
import { commitParts } from "./take.ts";

const OWNER = "DenoKvLocker";

/**
 * The locks one `lock()` or `lockMany()` call won, extended together: every third of the TTL,
 * one atomic commit per (up to) 100 held keys checks the versionstamp each lock holds and sets
 * a new `expiresAt`. When a check fails, the keys are read: a lock whose key still holds its
 * own holder adopts the versionstamp found (an earlier extension landed after its timeout) and
 * is extended at once, the others have changed hands and stop being extended. A failed call is retried a third of
 * the TTL later, while the keys still live. Extending stops when every lock is unlocked.
 */
export class LockGroup {
  readonly #held = new Set<DenoKvLock>();
  #timer: unknown;

  constructor(
    private readonly kv: DenoKv,
    private readonly ttlMs: number,
    private readonly clock: Clock,
  ) {}

  /** A held lock on `key` (written with `versionstamp`), extended with the group's others. */
  add(key: DenoKvKey, holder: string, versionstamp: string): Lock {
    const lock = new DenoKvLock(key, holder, versionstamp, this);
    this.#held.add(lock);
    if (this.#held.size === 1) this.#arm();
    return lock;
  }

  release(lock: DenoKvLock): void {
    this.#held.delete(lock);
    if (this.#held.size === 0) this.clock.clearTimer(this.#timer);
  }

  #arm(): void {
    this.#timer = this.clock.setTimer(() => void this.#extend(), Math.max(1, Math.floor(this.ttlMs / 3)));
  }

  async #extend(): Promise<void> {
    for (const part of commitParts([...this.#held])) {
      try {
        await callKv((abort) => this.#extendPart(part, abort), {
          code: "LockerFailed", what: `${OWNER} could not extend ${part.length} lock(s)`, clock: this.clock, timeoutMs: Math.max(1, Math.floor(this.ttlMs / 3)),
        });
      } catch {
        // Retried a third of the TTL later, while the keys still live.
      }
    }
    if (this.#held.size > 0) this.#arm();
  }

  async #extendPart(part: DenoKvLock[], abort: AbortSignal): Promise<void> {
    // Twice at most: after a failed check has sorted out which locks still hold their key, the
    // rest are extended right away rather than a third of the TTL later.
    for (let attempt = 0; attempt < 2 && part.length > 0; attempt += 1) {
      const expiresAt = this.clock.now() + this.ttlMs;
      stopIfAborted(abort);
      const stamp = committed(await whenFree(() => {
        let op = this.kv.atomic();
        for (const lock of part) {
          op = op.check({ key: lock.key, versionstamp: lock.versionstamp }).set(lock.key, { holder: lock.holder, expiresAt }, { expireIn: this.ttlMs });
        }
        return op.commit();
      }, this.clock, abort));
      if (stamp) {
        for (const lock of part) lock.versionstamp = stamp;
        return;
      }
      if (stamp === undefined) throw new Error("the KV answered a commit with neither ok: true and a versionstamp nor ok: false");
      if (attempt === 1) return;
      part = await this.#stillOurs(part, abort);
    }
  }

  /** The locks of `part` whose key still holds their holder (adopting the versionstamp found); the others are lost. */
  async #stillOurs(part: DenoKvLock[], abort: AbortSignal): Promise<DenoKvLock[]> {
    const ours: DenoKvLock[] = [];
    for (let at = 0; at < part.length; at += KV_LIMITS.getMany) {
      const slice = part.slice(at, at + KV_LIMITS.getMany);
      const read = await whenFree(() => this.kv.getMany(slice.map((lock) => lock.key)), this.clock, abort);
      slice.forEach((lock, i) => {
        const entry = read[i];
        if (entry !== undefined && entry.versionstamp !== null && asLease(entry.value)?.holder === lock.holder) {
          lock.versionstamp = entry.versionstamp;
          ours.push(lock);
        } else {
          lock.lose();
        }
      });
    }
    return ours.filter((lock) => this.#held.has(lock));
  }
}

/** One held occurrence. `unlock()` only stops the extending: the key expires by itself. */
class DenoKvLock implements Lock {
  #group: LockGroup | null;

  constructor(
    readonly key: DenoKvKey,
    readonly holder: string,
    public versionstamp: string,
    group: LockGroup,
  ) {
    this.#group = group;
  }

  /** The key changed hands (or vanished): stop touching it. */
  lose(): void {
    this.#group?.release(this);
    this.#group = null;
  }

  async unlock(): Promise<void> {
    this.lose();
  }
}
