import { systemClock } from "../../src/clock.ts";
import type { Clock } from "../../src/clock.ts";
import type { Lock, Locker, LockOptions } from "../../src/distributed.ts";
import { SchedulerError, show } from "../../src/errors.ts";
import { uuid } from "../../src/uuid.ts";
import { checkClock, checkTimeout, isAbortSignal } from "./checks.ts";
import { leaseArgsProblem, MAX_LEASE_NAME, MAX_TTL_MS, ttlProblem } from "./lease-args.ts";
import { connect } from "./transport.ts";
import type { LeaseTransport } from "./transport.ts";
import type { LeaseConnection } from "./types.ts";

/** Options of {@link DurableObjectLocker}: a connection plus where the locks live. */
export type DurableObjectLockerOptions = LeaseConnection & {
  /** The lease object instance that holds the locks; schedulers sharing locks use the same. @default "isocron-locks" */
  readonly name?: string;
  /** Put before every key, e.g. to keep two apps apart in one object. @default "" */
  readonly prefix?: string;
  /**
   * How long one request may take before it is cancelled and fails with `LockerFailed`;
   * never more than a third of the lock's TTL. @default 5_000
   */
  readonly timeoutMs?: number;
  /** Times the lock extensions of long runs and the request timeouts. @default the system clock */
  readonly clock?: Clock;
};

const OWNER = "DurableObjectLocker";
/** Longest `holder` (the scheduler's instanceId) a lock accepts: with `:` and a uuid, within MAX_HOLDER. */
const MAX_LOCK_HOLDER = 200;

/**
 * A {@link Locker} over a {@link LeaseObject}: one request per instance per occurrence. The
 * lease's holder is `<the scheduler's instanceId>:<uuid>`, so an operator sees who holds an
 * occurrence. The winner keeps the key until its TTL ends: `unlock()` sends nothing, so an instance whose
 * clock is late by less than the TTL finds the occurrence taken. A run still going after a
 * third of the TTL extends its lock (only while its token still holds it) until it ends.
 * A request that gets no answer within `timeoutMs` is cancelled and `lock()` rejects with
 * `LockerFailed`, so the scheduler reports the skipped run.
 *
 * @example
 * const locker = new DurableObjectLocker({ namespace: env.LEASES });
 * const locker = new DurableObjectLocker({ url: "https://isocron.example.workers.dev", token });
 * const scheduler = new Scheduler({ locker });
 */
export class DurableObjectLocker implements Locker {
  readonly #object: string;
  readonly #prefix: string;
  readonly #timeoutMs: number;
  readonly #clock: Clock;
  readonly #transport: LeaseTransport;

  constructor(options: DurableObjectLockerOptions) {
    if (typeof options !== "object" || options === null) {
      throw new SchedulerError("WithLockerInvalid", `${OWNER} needs an options object, got ${show(options)}`);
    }
    const { name = "isocron-locks", prefix = "" } = options;
    if (typeof name !== "string" || name.length === 0 || name.length > MAX_LEASE_NAME) {
      throw new SchedulerError("WithLockerInvalid", `${OWNER}: name must be a string of 1 to ${MAX_LEASE_NAME} characters, got ${show(name)}`);
    }
    if (typeof prefix !== "string") {
      throw new SchedulerError("WithLockerInvalid", `${OWNER}: prefix must be a string, got ${show(prefix)}`);
    }
    this.#timeoutMs = checkTimeout(options.timeoutMs, 5_000, MAX_TTL_MS, "WithLockerInvalid", OWNER);
    this.#clock = checkClock(options.clock, systemClock, "WithLockerInvalid", OWNER);
    this.#transport = connect(options, this.#clock, "WithLockerInvalid", "LockerFailed");
    this.#object = name;
    this.#prefix = prefix;
  }

  /** Takes `key` for `ttlMs`; null when another instance has it; rejects with `LockerFailed`. */
  async lock(key: string, options: LockOptions): Promise<Lock | null> {
    if (typeof key !== "string") throw new SchedulerError("LockerFailed", `${OWNER}: key must be a string, got ${show(key)}`);
    if (typeof options !== "object" || options === null) {
      throw new SchedulerError("LockerFailed", `${OWNER}: lock needs an options object with ttlMs, got ${show(options)}`);
    }
    const { ttlMs, signal, holder } = options;
    if (signal !== undefined && !isAbortSignal(signal)) {
      throw new SchedulerError("LockerFailed", `${OWNER}: signal must be an AbortSignal, got ${show(signal)}`);
    }
    if (holder !== undefined && (typeof holder !== "string" || holder.length === 0 || holder.length > MAX_LOCK_HOLDER)) {
      throw new SchedulerError("LockerFailed", `${OWNER}: holder must be a string of 1 to ${MAX_LOCK_HOLDER} characters, got ${show(holder)}`);
    }
    const name = this.#prefix + key;
    // The lease's holder names the asking instance for an operator; the uuid keeps it unique
    // per lock (a resend is recognised by it, and a shared instanceId never shares a lock).
    const token = holder === undefined ? uuid() : `${holder}:${uuid()}`;
    const problem = leaseArgsProblem(name, token) ?? ttlProblem(ttlMs);
    if (problem !== null) throw new SchedulerError("LockerFailed", `${OWNER}: ${problem}`);
    // A third of the TTL at most: the first extension, due at a third, must find the lock alive.
    const timeoutMs = Math.min(this.#timeoutMs, ttlMs / 3);
    const result = await this.#transport.acquire(this.#object, name, token, ttlMs, { timeoutMs, signal });
    if (!result.held) return null;
    return new DurableObjectLock({ transport: this.#transport, clock: this.#clock, object: this.#object, name, token, ttlMs, timeoutMs }, result.fence);
  }
}

interface LockPlace {
  readonly transport: LeaseTransport;
  readonly clock: Clock;
  readonly object: string;
  readonly name: string;
  readonly token: string;
  readonly ttlMs: number;
  readonly timeoutMs: number;
}

/** A held occurrence lock; extends itself every third of its TTL until `unlock()`. */
class DurableObjectLock implements Lock {
  readonly fencingToken: number;
  readonly #at: LockPlace;
  /** Aborted by `unlock()`: cancels an extension in flight. */
  readonly #done = new AbortController();
  #timer: unknown = null;

  constructor(at: LockPlace, fence: number) {
    this.#at = at;
    this.fencingToken = fence;
    this.#arm();
  }

  /** Stops extending; the key stays taken until its TTL ends, so nothing is sent. */
  unlock(): Promise<void> {
    this.#done.abort();
    if (this.#timer !== null) this.#at.clock.clearTimer(this.#timer);
    this.#timer = null;
    return Promise.resolve();
  }

  #arm(): void {
    // ttlMs <= MAX_TTL_MS < MAX_TIMER_MS, so the runtime honours this delay.
    this.#timer = this.#at.clock.setTimer(() => void this.#extend(), this.#at.ttlMs / 3);
  }

  async #extend(): Promise<void> {
    this.#timer = null;
    if (this.#done.signal.aborted) return;
    const { transport, object, name, token, ttlMs, timeoutMs } = this.#at;
    try {
      const result = await transport.renew(object, name, token, ttlMs, { timeoutMs, signal: this.#done.signal });
      // Lost (expired and taken): nothing left to protect, so stop.
      if (result.held && !this.#done.signal.aborted) this.#arm();
    } catch {
      // One failed extension is not fatal: the lock still holds until its TTL, so try again.
      if (!this.#done.signal.aborted) this.#arm();
    }
  }
}
