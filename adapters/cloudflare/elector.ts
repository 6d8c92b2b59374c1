import { systemClock } from "../../src/clock.ts";
import type { Clock } from "../../src/clock.ts";
import type { Elector } from "../../src/distributed.ts";
import { SchedulerError, show } from "../../src/errors.ts";
import { uuid } from "../../src/uuid.ts";
import { isTtl, leaseArgsProblem, MAX_HOLDER } from "./lease-args.ts";
import { connect } from "./transport.ts";
import type { LeaseTransport } from "./transport.ts";
import type { LeaseConnection } from "./types.ts";

/** Options of {@link DurableObjectElector}: a connection plus the lease to compete for. */
export type DurableObjectElectorOptions = LeaseConnection & {
  /** The lease's name; instances with the same name elect one leader. Also names the lease object. */
  readonly name: string;
  /** This instance's id in the lease. @default a random UUID */
  readonly instanceId?: string;
  /** How long a lease lasts unless renewed, in ms. @default 30_000 */
  readonly ttlMs?: number;
  /**
   * Leadership is trusted until this long before the lease ends (measured from when the
   * request was sent, so only this instance's own clock matters). @default ttlMs / 3
   */
  readonly marginMs?: number;
  /** Where time is read. @default the system clock */
  readonly clock?: Clock;
};

const asyncDispose: symbol | undefined = (Symbol as { asyncDispose?: symbol }).asyncDispose;

/**
 * An {@link Elector} over a {@link LeaseObject}: the instance holding the lease is the leader.
 * One request answers many `isLeader` calls: leadership is cached until `marginMs` before the
 * lease ends, then renewed. A leader that cannot renew steps down (the call rejects with
 * `ElectorFailed`) before its lease could pass to another instance. A follower asks again
 * when the leader's lease would run out, and at least every `marginMs`.
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
  readonly #clock: Clock;
  readonly #transport: LeaseTransport;
  #leader = false;
  /** Local instant until which the cached answer holds. */
  #until = Number.NEGATIVE_INFINITY;
  #pending: Promise<boolean> | null = null;
  #stopped = false;

  constructor(options: DurableObjectElectorOptions) {
    if (typeof options !== "object" || options === null) {
      throw new SchedulerError("WithElectorInvalid", `DurableObjectElector needs an options object, got ${show(options)}`);
    }
    const { name, instanceId = uuid(), ttlMs = 30_000 } = options;
    if (typeof instanceId !== "string" || instanceId.length === 0 || instanceId.length > MAX_HOLDER) {
      throw new SchedulerError("WithElectorInvalid", `DurableObjectElector: instanceId must be a string of 1 to ${MAX_HOLDER} characters, got ${show(instanceId)}`);
    }
    const problem = leaseArgsProblem(name, instanceId, ttlMs);
    if (problem !== null) throw new SchedulerError("WithElectorInvalid", `DurableObjectElector: ${problem}`);
    const marginMs = options.marginMs ?? ttlMs / 3;
    if (!isTtl(marginMs) || marginMs >= ttlMs) {
      throw new SchedulerError("WithElectorInvalid", `DurableObjectElector: marginMs must be > 0 and below ttlMs (${ttlMs}), got ${show(marginMs)}`);
    }
    this.#transport = connect(options, "WithElectorInvalid", "ElectorFailed");
    this.#name = name;
    this.instanceId = instanceId;
    this.#ttlMs = ttlMs;
    this.#marginMs = marginMs;
    this.#clock = options.clock ?? systemClock;
    if (asyncDispose !== undefined) (this as unknown as Record<symbol, () => Promise<void>>)[asyncDispose] = () => this.stop();
  }

  /** Whether this instance leads now; rejects with `ElectorFailed` when the lease cannot be reached. */
  isLeader(signal?: AbortSignal): Promise<boolean> {
    if (this.#stopped) return Promise.resolve(false);
    if (this.#clock.now() < this.#until) return Promise.resolve(this.#leader);
    // Many jobs due at once share one request.
    this.#pending ??= this.#ask(signal).finally(() => {
      this.#pending = null;
    });
    return this.#pending;
  }

  /** Releases the lease if held; later `isLeader` calls answer false. Also `[Symbol.asyncDispose]`. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#pending?.catch(() => undefined);
    this.#leader = false;
    this.#until = Number.NEGATIVE_INFINITY;
    // Released even when we do not think we hold it: a request cut off by an abort may have won.
    await this.#transport.release(this.#name, this.#name, this.instanceId);
  }

  async #ask(signal?: AbortSignal): Promise<boolean> {
    const sentAt = this.#clock.now();
    try {
      const result = await this.#transport.acquire(this.#name, this.#name, this.instanceId, this.#ttlMs, signal);
      if (this.#stopped) return false;
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
      throw error;
    }
  }
}
