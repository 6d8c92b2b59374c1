import { systemClock } from "../../src/clock.ts";
import type { Clock } from "../../src/clock.ts";
import type { Lock, Locker, LockOptions } from "../../src/distributed.ts";
import { SchedulerError, show } from "../../src/errors.ts";
import { uuid } from "../../src/uuid.ts";
import { leaseArgsProblem, MAX_LEASE_NAME } from "./lease-args.ts";
import { connect } from "./transport.ts";
import type { LeaseTransport } from "./transport.ts";
import type { LeaseConnection } from "./types.ts";

/** Options of {@link DurableObjectLocker}: a connection plus where the locks live. */
export type DurableObjectLockerOptions = LeaseConnection & {
  /** The lease object instance that holds the locks; schedulers sharing locks use the same. @default "isocron-locks" */
  readonly name?: string;
  /** Put before every key, e.g. to keep two apps apart in one object. @default "" */
  readonly prefix?: string;
  /** Times the lock extensions of long runs. @default the system clock */
  readonly clock?: Clock;
};

/**
 * A {@link Locker} over a {@link LeaseObject}: one request per instance per occurrence. The
 * winner keeps the key until its TTL ends: `unlock()` sends nothing, so an instance whose
 * clock is late by less than the TTL finds the occurrence taken. A run still going after a
 * third of the TTL extends its lock (only while its token still holds it) until it ends.
 *
 * @example
 * const locker = new DurableObjectLocker({ namespace: env.LEASES });
 * const locker = new DurableObjectLocker({ url: "https://isocron.example.workers.dev", token });
 * const scheduler = new Scheduler({ locker });
 */
export class DurableObjectLocker implements Locker {
  readonly #object: string;
  readonly #prefix: string;
  readonly #clock: Clock;
  readonly #transport: LeaseTransport;

  constructor(options: DurableObjectLockerOptions) {
    if (typeof options !== "object" || options === null) {
      throw new SchedulerError("WithLockerInvalid", `DurableObjectLocker needs an options object, got ${show(options)}`);
    }
    const { name = "isocron-locks", prefix = "" } = options;
    if (typeof name !== "string" || name.length === 0 || name.length > MAX_LEASE_NAME) {
      throw new SchedulerError("WithLockerInvalid", `DurableObjectLocker: name must be a string of 1 to ${MAX_LEASE_NAME} characters, got ${show(name)}`);
    }
    if (typeof prefix !== "string") {
      throw new SchedulerError("WithLockerInvalid", `DurableObjectLocker: prefix must be a string, got ${show(prefix)}`);
    }
    this.#transport = connect(options, "WithLockerInvalid", "LockerFailed");
    this.#object = name;
    this.#prefix = prefix;
    this.#clock = options.clock ?? systemClock;
  }

  /** Takes `key` for `ttlMs`; null when another instance has it; rejects with `LockerFailed`. */
  async lock(key: string, options: LockOptions): Promise<Lock | null> {
    const name = this.#prefix + key;
    const token = uuid();
    const problem = leaseArgsProblem(name, token, options?.ttlMs);
    if (problem !== null) throw new SchedulerError("LockerFailed", `DurableObjectLocker: ${problem}`);
    const result = await this.#transport.acquire(this.#object, name, token, options.ttlMs, options.signal);
    if (!result.held) return null;
    return new DurableObjectLock(this.#transport, this.#clock, this.#object, name, token, options.ttlMs, result.fence);
  }
}

/** A held occurrence lock; extends itself every third of its TTL until `unlock()`. */
class DurableObjectLock implements Lock {
  readonly fencingToken: number;
  #timer: unknown = null;
  #done = false;

  constructor(
    private readonly transport: LeaseTransport,
    private readonly clock: Clock,
    private readonly object: string,
    private readonly name: string,
    private readonly token: string,
    private readonly ttlMs: number,
    fence: number,
  ) {
    this.fencingToken = fence;
    this.#arm();
  }

  /** Stops extending; the key stays taken until its TTL ends, so nothing is sent. */
  unlock(): Promise<void> {
    this.#done = true;
    if (this.#timer !== null) this.clock.clearTimer(this.#timer);
    this.#timer = null;
    return Promise.resolve();
  }

  #arm(): void {
    this.#timer = this.clock.setTimer(() => void this.#extend(), this.ttlMs / 3);
  }

  async #extend(): Promise<void> {
    this.#timer = null;
    if (this.#done) return;
    try {
      const result = await this.transport.renew(this.object, this.name, this.token, this.ttlMs);
      // Lost (expired and taken): nothing left to protect, so stop.
      if (result.held && !this.#done) this.#arm();
    } catch {
      // One failed extension is not fatal: the lock still holds until its TTL, so try again.
      if (!this.#done) this.#arm();
    }
  }
}
