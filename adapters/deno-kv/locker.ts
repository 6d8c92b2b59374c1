import { MAX_TIMER_MS, systemClock, type Clock } from "../../src/clock.ts";
import type { Lock, Locker, LockOptions } from "../../src/distributed.ts";
import { SchedulerError, show } from "../../src/errors.ts";
import { uuid } from "../../src/uuid.ts";
import { callKv } from "./call.ts";
import { LockGroup } from "./extend.ts";
import type { DenoKv, DenoKvKey } from "./kv.ts";
import { OptionChecker } from "./options.ts";
import { commitParts, takePart, type Wanted } from "./take.ts";

/** Options of {@link DenoKvLocker}. */
export interface DenoKvLockerOptions {
  /** The `Deno.Kv` every instance shares (`await Deno.openKv()`). */
  kv: DenoKv;
  /** Put before every lock key: the lock of `<job>@<instant>` lives at `[...prefix, "<job>@<instant>"]`. @default ["isocron", "lock"] */
  prefix?: DenoKvKey;
  /**
   * Lock lifetime in ms (3 to 2^31-1), replacing the scheduler's `lockTtlMs` when set.
   * Occurrences run exactly once while instance clocks differ by less than this.
   * @default the scheduler's lockTtlMs (60_000)
   */
  ttlMs?: number;
  /** How long one `lock()` or `lockMany()` may take before it fails (never longer than a third of the TTL). @default 5_000 */
  timeoutMs?: number;
  /** Reads the time written into locks and arms the extension timers of long runs. @default systemClock */
  clock?: Clock;
}

const OWNER = "DenoKvLocker";
const KNOWN = ["kv", "prefix", "ttlMs", "timeoutMs", "clock"] as const;
/** Longest `holder` (the scheduler's instanceId, at most 200 characters) a lock accepts. */
const MAX_HOLDER = 200;

/**
 * A {@link Locker} on Deno KV: every instance schedules every job, and one instance runs each
 * occurrence. Taking a key reads it, then commits `check(versionstamp read).set(key, { holder,
 * expiresAt }, { expireIn: ttl })` atomically, so of all instances asking at once exactly one
 * commit succeeds. The holder is `<the scheduler's instanceId>:<random uuid>`.
 *
 * Expiry: `expiresAt` is the taking instance's clock plus the TTL, and a reader treats a value
 * whose `expiresAt` has passed by its own clock as absent (it takes it over with a check of the
 * versionstamp it read), because `expireIn` is only the earliest time Deno KV deletes a key.
 * An instance whose clock is late asks for an occurrence later in real time but compares with
 * the same instant, so each occurrence runs exactly once while instance clocks differ by less
 * than the TTL (as with the other lockers).
 *
 * The winner keeps the key until its TTL ends: `unlock()` writes nothing. A run still going
 * after a third of the TTL extends its lock (a commit checking the versionstamp it holds) every
 * third of the TTL until it ends; a lock whose key changed hands stops extending.
 *
 * Costs: `lock()` is one read, plus one write for the winner. `lockMany()` reads its keys 10 a
 * call (in parallel) and takes every free one in one atomic commit (split every 100 keys); the
 * long runs among them are extended together, one commit per tick.
 *
 * @example
 * const kv = await Deno.openKv();
 * const scheduler = new Scheduler({ locker: new DenoKvLocker({ kv }) });
 */
export class DenoKvLocker implements Locker {
  readonly #kv: DenoKv;
  readonly #prefix: DenoKvKey;
  readonly #ttlMs: number | undefined;
  readonly #timeoutMs: number;
  readonly #clock: Clock;

  constructor(options: DenoKvLockerOptions) {
    const check = new OptionChecker(OWNER, "WithLockerInvalid");
    const o = check.object(options, KNOWN);
    this.#kv = check.kv(o.kv);
    this.#prefix = check.key(o.prefix, "prefix", ["isocron", "lock"], true);
    this.#ttlMs = o.ttlMs === undefined ? undefined : check.ms(o.ttlMs, "ttlMs", 0, 3);
    this.#timeoutMs = check.ms(o.timeoutMs, "timeoutMs", 5_000);
    this.#clock = check.clock(o.clock, systemClock);
  }

  /** Takes `key` for the TTL: a {@link Lock} when won, null when another instance holds it; rejects with `LockerFailed`. */
  async lock(key: string, options: LockOptions): Promise<Lock | null> {
    const [lock] = await this.lockMany([key], options);
    return lock ?? null;
  }

  /**
   * Takes many keys at once: one entry per key, in order, a {@link Lock} when won and null when
   * another instance holds it (or the same key came earlier in `keys`). Rejects with
   * `LockerFailed` when the KV could not be asked; then no lock is held, except when a batch
   * too large for one commit (over 100 keys or ~40 KB of keys) failed after its first commits
   * (those keys stay taken until their TTL ends, unrun).
   */
  async lockMany(keys: string[], options: LockOptions): Promise<(Lock | null)[]> {
    if (!Array.isArray(keys) || !keys.every((key) => typeof key === "string")) {
      throw new SchedulerError("LockerFailed", `${OWNER}: keys must be an array of strings, got ${show(keys)}`);
    }
    if (options === null || typeof options !== "object") {
      throw new SchedulerError("LockerFailed", `${OWNER}: lock needs an options object with ttlMs, got ${show(options)}`);
    }
    const requested = this.#ttlMs ?? options.ttlMs;
    if (typeof requested !== "number" || !(requested >= 1)) {
      throw new SchedulerError("LockerFailed", `${OWNER} got an invalid lock ttlMs ${show(requested)}`);
    }
    const ttlMs = Math.min(MAX_TIMER_MS, Math.max(3, Math.round(requested)));
    const { holder, signal } = options;
    if (holder !== undefined && (typeof holder !== "string" || holder.length === 0 || holder.length > MAX_HOLDER)) {
      throw new SchedulerError("LockerFailed", `${OWNER}: holder must be a string of 1 to ${MAX_HOLDER} characters, got ${show(holder)}`);
    }
    // A key named twice is taken once: the first entry gets the lock, the repeat null.
    const first = new Map<string, number>();
    const wanted: Array<Wanted & { index: number }> = [];
    keys.forEach((key, index) => {
      if (first.has(key)) return;
      first.set(key, index);
      wanted.push({ index, key: [...this.#prefix, key], holder: holder === undefined ? uuid() : `${holder}:${uuid()}` });
    });
    const results: (Lock | null)[] = keys.map(() => null);
    if (wanted.length === 0) return results;
    const what = `${OWNER} could not take ${keys.length === 1 ? `lock ${show(keys[0])}` : `${keys.length} locks`}`;
    // The parts of a batch too large for one commit go at once: one round trip, not one per part.
    const taken = await callKv(async (abort) => {
      const parts = await Promise.all(commitParts(wanted).map((part) => takePart(this.#kv, part, ttlMs, this.#clock, abort, OWNER)));
      return parts.flat();
    }, { code: "LockerFailed", what, clock: this.#clock, timeoutMs: Math.min(this.#timeoutMs, Math.max(1, Math.floor(ttlMs / 3))), signal });
    const group = new LockGroup(this.#kv, ttlMs, this.#clock);
    wanted.forEach((w, n) => {
      const versionstamp = taken[n];
      if (versionstamp) results[w.index] = group.add(w.key, w.holder, versionstamp);
    });
    return results;
  }
}
