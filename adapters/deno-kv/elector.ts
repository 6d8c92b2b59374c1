import { systemClock, type Clock } from "../../src/clock.ts";
import type { Elector } from "../../src/distributed.ts";
import { SchedulerError } from "../../src/errors.ts";
import { uuid } from "../../src/uuid.ts";
import { callKv, stopIfAborted, whenFree } from "./call.ts";
import type { DenoKv, DenoKvKey } from "./kv.ts";
import { asLease, committed } from "./lease.ts";
import { OptionChecker } from "./options.ts";
import type { LeaseElectorOptions } from "../shared/lease-elector-options.ts";

/** Options of {@link DenoKvElector}. */
export interface DenoKvElectorOptions extends LeaseElectorOptions {
  /** The `Deno.Kv` every instance shares (`await Deno.openKv()`). */
  kv: DenoKv;
  /** The lease's Deno KV key; instances that compete for one leadership share it. @default ["isocron", "leader"] */
  key?: DenoKvKey;
}

const OWNER = "DenoKvElector";
const KNOWN = ["kv", "key", "ttlMs", "instanceId", "checkMs", "marginMs", "timeoutMs", "clock"] as const;
/** Reads and commits one renewal may try when the lease changes under it. */
const ATTEMPTS = 3;

/**
 * An {@link Elector} on Deno KV: one instance holds a lease and runs every job. The lease value
 * is `{ holder: instanceId, expiresAt }`; `expiresAt` is the writer's clock plus `ttlMs`, and a
 * value whose `expiresAt` has passed by the reader's clock counts as absent (`expireIn` is only
 * the earliest time Deno KV deletes a key).
 *
 * Costs: the leader renews with one commit that checks the versionstamp it holds (no read),
 * once a third of the lease has passed; a follower reads the lease once per `checkMs`; taking a
 * free lease is one read and one commit. Leadership is trusted locally until `marginMs` before
 * the lease could end, so any number of jobs costs nothing more, and nothing is sent while no
 * job is due. Concurrent `isLeader()` calls share one request; after a failed request the next
 * waits `min(checkMs, ttlMs / 6)` (callers meanwhile get the same error).
 *
 * Failover: a leader that cannot renew stops claiming before its lease ends (never two leaders
 * while instance clocks differ by less than `marginMs`); a dead leader is replaced within
 * `ttlMs + checkMs`; `stop()` shortens the lease to `marginMs` instead of deleting it, so
 * another instance takes over within `marginMs + checkMs` and none whose clock is behind re-runs
 * what the old leader just ran.
 *
 * @example
 * const kv = await Deno.openKv();
 * await using elector = new DenoKvElector({ kv, key: ["billing", "leader"] });
 * const scheduler = new Scheduler({ elector });
 */
export class DenoKvElector implements Elector {
  readonly instanceId: string;
  readonly key: DenoKvKey;
  readonly #kv: DenoKv;
  readonly #ttlMs: number;
  readonly #checkMs: number;
  readonly #marginMs: number;
  readonly #timeoutMs: number;
  readonly #clock: Clock;
  readonly #stopRequests = new AbortController();
  #heldFrom = Number.NEGATIVE_INFINITY; // when the last request that found the lease ours was sent
  #versionstamp: string | null = null; // of the lease this instance last wrote
  #everHeld = false;
  #followUntil = Number.NEGATIVE_INFINITY;
  #quietUntil = Number.NEGATIVE_INFINITY; // after a failed request, none is sent before this
  #lastError: unknown;
  #inflight: Promise<boolean> | undefined;
  #stopping: Promise<void> | undefined;

  constructor(options: DenoKvElectorOptions) {
    const check = new OptionChecker(OWNER, "WithElectorInvalid");
    const o = check.object(options, KNOWN);
    this.#kv = check.kv(o.kv);
    this.key = check.key(o.key, "key", ["isocron", "leader"], false);
    this.instanceId = check.string(o.instanceId, "instanceId", uuid(), 200);
    this.#ttlMs = check.ms(o.ttlMs, "ttlMs", 15_000, 30);
    this.#checkMs = check.ms(o.checkMs, "checkMs", Math.round(this.#ttlMs / 3));
    this.#marginMs = check.ms(o.marginMs, "marginMs", Math.round(this.#ttlMs / 5));
    if (this.#marginMs >= (this.#ttlMs * 2) / 3) throw check.invalid(`option marginMs must be below two thirds of ttlMs (${this.#ttlMs}), got ${this.#marginMs}`);
    this.#timeoutMs = check.ms(o.timeoutMs, "timeoutMs", 5_000);
    this.#clock = check.clock(o.clock, systemClock);
  }

  /** Whether this instance leads now; rejects with `ElectorFailed` when the lease could not be read or written in time. */
  async isLeader(signal?: AbortSignal): Promise<boolean> {
    if (this.#stopping) return false;
    const now = this.#clock.now();
    const quiet = now < this.#quietUntil && this.#inflight === undefined;
    if (now < this.#heldFrom + this.#ttlMs - this.#marginMs) {
      // Renew in the background once a third of the lease has passed; failures surface
      // later, when the trusted part of the lease has run out and a caller must wait.
      if (now >= this.#heldFrom + this.#ttlMs / 3 && !quiet) this.#ask().catch(() => undefined);
      return true;
    }
    if (now < this.#followUntil) return false;
    // During an outage every job would otherwise send its own request: repeat the last error.
    if (quiet) throw this.#lastError;
    const answer = this.#ask();
    if (!signal) return answer;
    // A caller's abort ends its own wait, never the request other callers share.
    return callKv(() => answer, { code: "ElectorFailed", what: `${OWNER} gave up asking`, clock: this.#clock, timeoutMs: this.#ttlMs, signal });
  }

  /** One renewal request, shared by every caller while it is in flight. */
  #ask(): Promise<boolean> {
    this.#inflight ??= this.#request().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  async #request(): Promise<boolean> {
    const sentAt = this.#clock.now();
    const trustedFor = this.#ttlMs - this.#marginMs;
    let held: boolean;
    try {
      held = await callKv((abort) => this.#renew(abort), {
        code: "ElectorFailed", what: `${OWNER} could not renew its lease`, clock: this.#clock, timeoutMs: Math.min(this.#timeoutMs, trustedFor), signal: this.#stopRequests.signal,
      });
    } catch (error) {
      this.#versionstamp = null; // a commit that timed out may have landed: read before writing again
      this.#lastError = error;
      this.#quietUntil = sentAt + Math.min(this.#checkMs, this.#ttlMs / 6);
      throw error;
    }
    if (held) this.#everHeld = true; // so stop() releases even a lease it took while stopping
    if (this.#stopping) return false;
    if (!held || this.#clock.now() >= sentAt + trustedFor) {
      // Another holds it, or the answer came too late to trust: ask again after a check.
      this.#heldFrom = Number.NEGATIVE_INFINITY;
      this.#followUntil = sentAt + this.#checkMs; // from the send, so a check every checkMs stays one
      return false;
    }
    this.#heldFrom = sentAt; // the lease was written no earlier than the request was sent
    return true;
  }

  /**
   * Extends the lease with a commit checking the versionstamp this instance last wrote; when
   * that fails (or none is known), reads the lease and takes it if it is absent, expired or
   * ours. Answers whether this instance holds the lease now.
   */
  async #renew(abort: AbortSignal): Promise<boolean> {
    let versionstamp = this.#versionstamp;
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      if (versionstamp === null) {
        const entry = await whenFree(() => this.#kv.get(this.key), this.#clock, abort);
        const lease = entry.versionstamp === null ? null : asLease(entry.value);
        if (entry.versionstamp !== null && lease === null) throw new SchedulerError("ElectorFailed", `${OWNER}: the lease key holds a value that is not an isocron lease`);
        if (lease !== null && lease.holder !== this.instanceId && lease.expiresAt > this.#clock.now()) return false;
        versionstamp = entry.versionstamp;
      }
      stopIfAborted(abort);
      const result = committed(await whenFree(() => this.#kv.atomic()
        .check({ key: this.key, versionstamp })
        .set(this.key, { holder: this.instanceId, expiresAt: this.#clock.now() + this.#ttlMs }, { expireIn: this.#ttlMs })
        .commit(), this.#clock, abort));
      if (result === undefined) throw new SchedulerError("ElectorFailed", `${OWNER}: the KV answered a commit with neither ok: true and a versionstamp nor ok: false`);
      this.#versionstamp = result;
      if (result !== null) return true;
      versionstamp = null; // changed since: read it
    }
    throw new SchedulerError("ElectorFailed", `${OWNER}: the lease kept changing while being renewed (${ATTEMPTS} attempts)`);
  }

  /**
   * Stops leading, waits for a request in flight and, if this instance holds the lease,
   * shortens it to `marginMs` (never deletes it): one read and one commit, bounded by
   * `timeoutMs`. Idempotent. Also `[Symbol.asyncDispose]`.
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#release();
    return this.#stopping;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  async #release(): Promise<void> {
    const inflight = this.#inflight;
    this.#heldFrom = Number.NEGATIVE_INFINITY;
    this.#stopRequests.abort(new SchedulerError("ElectorFailed", `${OWNER} stopped`));
    await inflight?.catch(() => undefined);
    // A cut-off request may have taken the lease: release then too (nothing is written when not ours).
    if (!this.#everHeld && inflight === undefined) return;
    await callKv(async (abort) => {
      for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
        const entry = await whenFree(() => this.#kv.get(this.key), this.#clock, abort);
        const lease = entry.versionstamp === null ? null : asLease(entry.value);
        const now = this.#clock.now();
        if (lease === null || lease.holder !== this.instanceId || lease.expiresAt <= now + this.#marginMs) return;
        stopIfAborted(abort);
        const result = committed(await whenFree(() => this.#kv.atomic()
          .check({ key: this.key, versionstamp: entry.versionstamp })
          .set(this.key, { holder: this.instanceId, expiresAt: now + this.#marginMs }, { expireIn: this.#marginMs })
          .commit(), this.#clock, abort));
        if (result === undefined) throw new SchedulerError("ElectorFailed", `${OWNER}: the KV answered a commit with neither ok: true and a versionstamp nor ok: false`);
        if (result !== null) return;
      }
      throw new SchedulerError("ElectorFailed", `${OWNER}: the lease kept changing while being released (${ATTEMPTS} attempts)`);
    }, { code: "ElectorFailed", what: `${OWNER} could not release its lease`, clock: this.#clock, timeoutMs: this.#timeoutMs });
  }
}
