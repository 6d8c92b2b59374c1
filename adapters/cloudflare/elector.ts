import { systemClock } from "../../src/clock.ts";
import type { Clock } from "../../src/clock.ts";
import type { Elector } from "../../src/distributed.ts";
import { SchedulerError, show } from "../../src/errors.ts";
import { uuid } from "../../src/uuid.ts";
import { checkClock, checkTimeout, isAbortSignal } from "./checks.ts";
import { untilAborted } from "../shared/until-aborted.ts";
import { isTtl, leaseArgsProblem, MAX_HOLDER, ttlProblem } from "./lease-args.ts";
import { connect } from "./transport.ts";
import type { LeaseTransport } from "./transport.ts";
import type { LeaseConnection } from "./types.ts";

/** Options of {@link DurableObjectElector}: a connection plus the lease to compete for. */
export type DurableObjectElectorOptions = LeaseConnection & {
  /** The lease's name; instances with the same name elect one leader. Also names the lease object. */
  readonly name: string;
  /** This instance's id in the lease. @default a random UUID */
  readonly instanceId?: string;
  /** How long a lease lasts unless renewed, in ms (at most 24 days). @default 30_000 */
  readonly ttlMs?: number;
  /**
   * Leadership is trusted until this long before the lease ends (measured from when the
   * request was sent, so only this instance's own clock matters). It is also how long the lease
   * still lasts after `stop()`, so keep it above the clock skew between instances: one whose
   * clock is behind by less than this never re-runs what the stopped leader just ran.
   * @default ttlMs / 3
   */
  readonly marginMs?: number;
  /**
   * How long one request to the lease object may take before it is cancelled and fails with
   * `ElectorFailed`; `stop()` waits at most this long for the release. At most
   * `ttlMs - marginMs`. @default the smallest of 5_000, marginMs and ttlMs - marginMs
   */
  readonly timeoutMs?: number;
  /** Where time is read and request timeouts run. @default the system clock */
  readonly clock?: Clock;
};

const asyncDispose: symbol | undefined = (Symbol as { asyncDispose?: symbol }).asyncDispose;
const OWNER = "DurableObjectElector";

/**
 * An {@link Elector} over a {@link LeaseObject}: the instance holding the lease is the leader.
 * One request answers many `isLeader` calls: leadership is cached until `marginMs` before the
 * lease ends, then renewed. A leader that cannot renew steps down (the call rejects with
 * `ElectorFailed`) before its lease could pass to another instance. A follower asks again
 * when the leader's lease would run out, and at least every `marginMs`. Every request is
 * cancelled after `timeoutMs` or on `stop()`, and a failed one is never reused.
 *
 * @example
 * // inside a Worker or Durable Object
 * const elector = new DurableObjectElector({ namespace: env.LEASES, name: "reports" });
 * // from Node, Deno, Bun or a browser, through the example Worker's lease routes
 * const elector = new DurableObjectElector({ url: "https://isocron.example.workers.dev", token, name: "reports" });
 * const scheduler = new Scheduler({ elector });
 */
export class DurableObjectElector implements Elector {
  /** This instance's id in the lease. */
  readonly instanceId: string;
  readonly #name: string;
  readonly #ttlMs: number;
  readonly #marginMs: number;
  readonly #timeoutMs: number;
  readonly #clock: Clock;
  readonly #transport: LeaseTransport;
  /** Aborted by `stop()`: cancels the request in flight. Never one caller's signal. */
  readonly #stop = new AbortController();
  #leader = false;
  /** Local instant until which the cached answer holds. */
  #until = Number.NEGATIVE_INFINITY;
  #pending: Promise<boolean> | null = null;
  #stopping: Promise<void> | null = null;

  constructor(options: DurableObjectElectorOptions) {
    if (typeof options !== "object" || options === null) {
      throw new SchedulerError("WithElectorInvalid", `${OWNER} needs an options object, got ${show(options)}`);
    }
    const { name, instanceId = uuid(), ttlMs = 30_000 } = options;
    if (typeof instanceId !== "string" || instanceId.length === 0 || instanceId.length > MAX_HOLDER) {
      throw new SchedulerError("WithElectorInvalid", `${OWNER}: instanceId must be a string of 1 to ${MAX_HOLDER} characters, got ${show(instanceId)}`);
    }
    const problem = leaseArgsProblem(name, instanceId) ?? ttlProblem(ttlMs);
    if (problem !== null) throw new SchedulerError("WithElectorInvalid", `${OWNER}: ${problem}`);
    const marginMs = options.marginMs ?? ttlMs / 3;
    if (!isTtl(marginMs) || marginMs >= ttlMs) {
      throw new SchedulerError("WithElectorInvalid", `${OWNER}: marginMs must be > 0 and below ttlMs (${ttlMs}), got ${show(marginMs)}`);
    }
    this.#timeoutMs = checkTimeout(options.timeoutMs, Math.min(5_000, marginMs, ttlMs - marginMs), ttlMs - marginMs, "WithElectorInvalid", OWNER);
    this.#clock = checkClock(options.clock, systemClock, "WithElectorInvalid", OWNER);
    this.#transport = connect(options, this.#clock, "WithElectorInvalid", "ElectorFailed");
    this.#name = name;
    this.instanceId = instanceId;
    this.#ttlMs = ttlMs;
    this.#marginMs = marginMs;
  }

  /**
   * Whether this instance leads now; rejects with `ElectorFailed` when the lease cannot be
   * reached in time, or when `signal` aborts (only this call: a request shared with other
   * callers goes on for them).
   */
  isLeader(signal?: AbortSignal): Promise<boolean> {
    if (signal !== undefined && !isAbortSignal(signal)) {
      return Promise.reject(new SchedulerError("ElectorFailed", `${OWNER}.isLeader: signal must be an AbortSignal, got ${show(signal)}`));
    }
    if (this.#stopping !== null) return Promise.resolve(false);
    if (this.#clock.now() < this.#until) return Promise.resolve(this.#leader);
    if (signal?.aborted) return Promise.reject(this.#aborted(signal));
    // Many jobs due at once share one request, bounded by the elector's own timeout and stop.
    this.#pending ??= this.#ask().finally(() => {
      this.#pending = null;
    });
    if (signal === undefined) return this.#pending;
    return untilAborted(this.#pending, signal).catch((error: unknown) => {
      throw signal.aborted ? this.#aborted(signal) : error;
    });
  }

  /**
   * Cancels a request in flight and releases the lease if held; later `isLeader` calls answer
   * false. The released lease still lasts `marginMs` (never longer than it had left), so
   * another instance takes over after `marginMs` plus its next check, and an instance whose
   * clock is behind by less than `marginMs` cannot re-run what this one just ran. Settles
   * within `timeoutMs`: rejects with `ElectorFailed` when the release could not be sent (the
   * lease then ends on its own after its TTL). Also `[Symbol.asyncDispose]`.
   */
  stop(): Promise<void> {
    return (this.#stopping ??= this.#release());
  }

  /** Same as `stop()`: `await using elector = new DurableObjectElector(...)`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  async #release(): Promise<void> {
    this.#stop.abort(new SchedulerError("ElectorFailed", `${OWNER} was stopped`));
    await this.#pending?.catch(() => undefined);
    this.#leader = false;
    this.#until = Number.NEGATIVE_INFINITY;
    // Released even when we do not think we hold it: a request cut off by the abort may have won.
    // The lease lasts marginMs more, not 0: a follower whose clock is behind ours (by less than
    // the margin, the skew we allow) must not take over while, by its clock, the occurrence we
    // just ran is still to come.
    await this.#transport.release(this.#name, this.#name, this.instanceId, this.#marginMs, { timeoutMs: this.#timeoutMs });
  }

  async #ask(): Promise<boolean> {
    const sentAt = this.#clock.now();
    try {
      const result = await this.#transport.acquire(this.#name, this.#name, this.instanceId, this.#ttlMs, {
        timeoutMs: this.#timeoutMs,
        signal: this.#stop.signal,
      });
      if (this.#stopping !== null) return false;
      this.#leader = result.held;
      // The lease began no earlier than sentAt, so trusting it until sentAt + ttl - margin is
      // safe whatever the object's clock says.
      this.#until = result.held
        ? sentAt + this.#ttlMs - this.#marginMs
        : sentAt + Math.min(result.remainingMs, this.#marginMs);
      return result.held;
    } catch (error) {
      this.#leader = false;
      this.#until = Number.NEGATIVE_INFINITY;
      // Stopped while asking: not the leader, and not a failure of the lease object.
      if (this.#stopping !== null) return false;
      throw error;
    }
  }

  #aborted(signal: AbortSignal): SchedulerError {
    return new SchedulerError("ElectorFailed", `isLeader of lease ${show(this.#name)} failed: aborted`, { cause: signal.reason });
  }
}
