import type { Clock } from "../../../src/clock.ts";
import type { Lock } from "../../../src/distributed.ts";
import { SchedulerError } from "../../../src/errors.ts";
import type { Backend } from "./backend.ts";
import { callRedis } from "./call.ts";
import { EXTEND, EXTEND_MANY } from "./scripts.ts";

/** One held occurrence: its key, the token stored there, and how long each extension lasts. */
class HeldLock implements Lock {
  constructor(
    readonly key: string,
    readonly token: string,
    /** The random part of the token, scrubbed on its own (an echoed body may escape the holder). */
    readonly random: string,
    readonly ttlMs: number,
    private readonly extender: Extender,
  ) {}

  /** Only stops the extending: the key expires by itself, so a late instance never re-runs it. */
  async unlock(): Promise<void> {
    this.extender.drop(this);
  }
}

/** How often a lock of `ttlMs` is extended: every third of its TTL. */
const periodOf = (ttlMs: number): number => Math.max(1, Math.floor(ttlMs / 3));

/**
 * Keeps the long runs of one locker alive with ONE script per tick for all of them: one timer,
 * due a third of the shortest held TTL after the last tick (or after the first lock), sends
 * every held key with its token (EXTEND for a single key, EXTEND_MANY for several). A key the
 * reply says is lost (expired, or taken by another run) stops being extended; a failed or
 * unreadable reply leaves every key held, to be tried again a period later while it may live.
 */
export class Extender {
  readonly #held = new Set<HeldLock>();
  readonly #owner: string;
  readonly #backend: Backend;
  readonly #clock: Clock;
  #timer: unknown;
  #dueAt = Number.POSITIVE_INFINITY;
  #inflight: AbortController | undefined;

  constructor(owner: string, backend: Backend, clock: Clock) {
    this.#owner = owner;
    this.#backend = backend;
    this.#clock = clock;
  }

  /** Starts extending a freshly taken key; its `unlock()` stops it. */
  hold(key: string, token: string, random: string, ttlMs: number): Lock {
    const lock = new HeldLock(key, token, random, ttlMs, this);
    this.#held.add(lock);
    // A tick in flight re-arms when it ends; the new key then has most of its TTL left.
    if (this.#inflight === undefined) this.#arm(periodOf(ttlMs));
    return lock;
  }

  drop(lock: HeldLock): void {
    if (!this.#held.delete(lock) || this.#held.size > 0) return;
    this.#clock.clearTimer(this.#timer);
    this.#dueAt = Number.POSITIVE_INFINITY;
    this.#inflight?.abort(new SchedulerError("LockerFailed", `${this.#owner} lock released`));
  }

  /** Arms the timer `delayMs` from now, unless it is already due sooner. */
  #arm(delayMs: number): void {
    const at = this.#clock.now() + delayMs;
    if (at >= this.#dueAt) return;
    this.#clock.clearTimer(this.#timer);
    this.#dueAt = at;
    this.#timer = this.#clock.setTimer(() => void this.#tick(), delayMs);
  }

  async #tick(): Promise<void> {
    this.#dueAt = Number.POSITIVE_INFINITY;
    const batch = [...this.#held];
    if (batch.length === 0) return;
    const period = Math.min(...batch.map((lock) => periodOf(lock.ttlMs)));
    const stop = (this.#inflight = new AbortController());
    let kept: unknown[] | undefined;
    try {
      kept = await this.#extend(batch, period, stop.signal);
    } catch {
      kept = undefined; // retried a period later, while the keys may live
    } finally {
      this.#inflight = undefined;
    }
    if (kept) batch.forEach((lock, i) => kept[i] === 0 && this.#held.delete(lock));
    if (this.#held.size > 0) this.#arm(Math.min(...[...this.#held].map((lock) => periodOf(lock.ttlMs))));
  }

  /** One script for the whole batch; resolves with a 0/1 per lock, or undefined for an unexpected reply. */
  async #extend(batch: HeldLock[], period: number, signal: AbortSignal): Promise<unknown[] | undefined> {
    const one = batch.length === 1 ? batch[0] : undefined;
    const keys = batch.map((lock) => lock.key);
    const args = batch.flatMap((lock) => [lock.token, String(lock.ttlMs)]);
    const reply = await callRedis((context) => (one ? this.#backend.evalsha(EXTEND, keys, args, context) : this.#backend.evalsha(EXTEND_MANY, keys, args, context)), {
      code: "LockerFailed",
      what: one ? `${this.#owner} could not extend lock ${JSON.stringify(one.key)}` : `${this.#owner} could not extend ${batch.length} locks`,
      clock: this.#clock,
      timeoutMs: period,
      signal,
      secrets: [...this.#backend.secrets, ...batch.flatMap((lock) => [lock.token, lock.random])],
    });
    if (one) return reply === 0 || reply === 1 ? [reply] : undefined;
    return Array.isArray(reply) && reply.length === batch.length && reply.every((r) => r === 0 || r === 1) ? reply : undefined;
  }
}
