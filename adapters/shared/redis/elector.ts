import { systemClock, type Clock } from "../../../src/clock.ts";
import type { Elector } from "../../../src/distributed.ts";
import { SchedulerError, show } from "../../../src/errors.ts";
import type { Backend } from "./backend.ts";
import { callRedis, randomToken, replyShape } from "./call.ts";
import type { OptionChecks } from "./checks.ts";
import { RELEASE, RENEW } from "./scripts.ts";
import type { LeaseElectorOptions } from "../lease-elector-options.ts";

/** Options every Redis elector has, whatever its transport. */
export interface RedisElectorSettings extends LeaseElectorOptions {
  /** The lease key; instances that compete for one leadership share it. @default "isocron:leader" */
  key?: string;
}

export const ELECTOR_KEYS = ["key", "ttlMs", "instanceId", "checkMs", "marginMs", "timeoutMs", "clock"] as const;

/**
 * The Redis elector, whatever carries its scripts (the transports, `UpstashElector` and
 * `RedisElector`, only check their connection options and pass a {@link Backend}): one instance holds a lease and runs every job. One script
 * per renewal takes or extends the lease; leadership is then trusted locally until `marginMs`
 * before the lease could end (renewed once a third of it has passed), so any number of jobs
 * costs at most one request per `ttlMs / 3` on the leader and one per `checkMs` on a follower,
 * and nothing while no job is due. Concurrent `isLeader()` calls share one request; after a
 * failed request the next waits `min(checkMs, ttlMs / 6)` (callers meanwhile get the same
 * error). Only the exact expected replies count: anything else is an `ElectorFailed` error.
 *
 * Failover: a leader that cannot renew stops claiming before its lease ends; a dead leader is
 * replaced within `ttlMs + checkMs`; `stop()` leaves the lease `marginMs` to live, so another
 * instance takes over within `marginMs + checkMs` and none whose clock is behind re-runs what
 * the old leader just ran. After Redis lost its data (restart without persistence) the
 * instance that takes the vanished lease waits one `ttlMs` before it leads, so any old leader
 * has stopped trusting its lease first: leadership resumes within `2 * ttlMs + checkMs`.
 */
export class ScriptElector implements Elector {
  readonly instanceId: string;
  readonly key: string;
  readonly #owner: string;
  readonly #backend: Backend;
  readonly #ttlMs: number;
  readonly #checkMs: number;
  readonly #marginMs: number;
  readonly #timeoutMs: number;
  readonly #clock: Clock;
  readonly #stopRequests = new AbortController();
  #heldFrom = Number.NEGATIVE_INFINITY; // when the last request that found the lease ours was sent
  #pendingUntil = Number.NEGATIVE_INFINITY; // holding, but not leading before this (leases lost with Redis data)
  #everHeld = false;
  #followUntil = Number.NEGATIVE_INFINITY;
  #quietUntil = Number.NEGATIVE_INFINITY; // after a failed request, none is sent before this
  #lastError: unknown;
  #inflight: Promise<boolean> | undefined;
  #stopping: Promise<void> | undefined;

  /** `o` holds the {@link RedisElectorSettings} (unchecked); `checks` reports a bad one. */
  constructor(backend: Backend, o: Record<string, unknown>, checks: OptionChecks) {
    const owner = (this.#owner = checks.owner);
    this.#backend = backend;
    this.key = checks.string(o.key, "key", "isocron:leader");
    this.instanceId = checks.string(o.instanceId, "instanceId", randomToken("isocron-elector-"));
    this.#ttlMs = checks.ms(o.ttlMs, "ttlMs", 15_000, 30);
    this.#checkMs = checks.ms(o.checkMs, "checkMs", Math.round(this.#ttlMs / 3));
    this.#marginMs = checks.ms(o.marginMs, "marginMs", Math.round(this.#ttlMs / 5));
    if (this.#marginMs >= (this.#ttlMs * 2) / 3) {
      throw checks.invalid(`${owner} option marginMs must be below two thirds of ttlMs (${this.#ttlMs}), got ${show(this.#marginMs)}`);
    }
    this.#timeoutMs = checks.ms(o.timeoutMs, "timeoutMs", 5_000);
    this.#clock = checks.clock(o.clock, systemClock);
  }

  async isLeader(signal?: AbortSignal): Promise<boolean> {
    if (this.#stopping) return false;
    const now = this.#clock.now();
    const quiet = now < this.#quietUntil && this.#inflight === undefined;
    if (now < this.#heldFrom + this.#ttlMs - this.#marginMs) {
      // Renew in the background once a third of the lease has passed; failures surface
      // later, when the trusted part of the lease has run out and a caller must wait.
      if (now >= this.#heldFrom + this.#ttlMs / 3 && !quiet) this.#ask().catch(() => undefined);
      return now >= this.#pendingUntil;
    }
    if (now < this.#followUntil) return false;
    // During an outage every job would otherwise send its own request: repeat the last error.
    if (quiet) throw this.#lastError;
    const answer = this.#ask();
    if (!signal) return answer;
    // A caller's abort ends its own wait, never the request other callers share.
    return callRedis(() => answer, { code: "ElectorFailed", what: `${this.#owner} gave up asking`, clock: this.#clock, timeoutMs: this.#ttlMs, signal });
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
    const what = `${this.#owner} could not renew lease ${JSON.stringify(this.key)}`;
    let reply: unknown;
    try {
      reply = await callRedis((context) => this.#backend.evalsha(RENEW, [this.key, `${this.key}:seen`], [this.instanceId, String(this.#ttlMs)], context), {
        code: "ElectorFailed", what, clock: this.#clock, timeoutMs: Math.min(this.#timeoutMs, trustedFor), signal: this.#stopRequests.signal, secrets: this.#backend.secrets,
      });
      if (reply !== 0 && reply !== 1 && reply !== 2 && reply !== 3) throw new SchedulerError("ElectorFailed", `${what}: unexpected reply ${replyShape(reply)}`);
    } catch (error) {
      this.#lastError = error;
      this.#quietUntil = sentAt + Math.min(this.#checkMs, this.#ttlMs / 6);
      throw error;
    }
    const now = this.#clock.now();
    if (reply !== 0) this.#everHeld = true; // so stop() releases even a lease it took while stopping
    if (this.#stopping) return false;
    if (reply === 0 || now >= sentAt + trustedFor) {
      // Another holds it, or the answer came too late to trust: ask again after a check.
      this.#heldFrom = Number.NEGATIVE_INFINITY;
      this.#followUntil = sentAt + this.#checkMs; // from the send, so a check every checkMs stays one
      return false;
    }
    const believedHeld = sentAt < this.#heldFrom + this.#ttlMs;
    const wasLeading = sentAt < this.#heldFrom + trustedFor && sentAt >= this.#pendingUntil;
    // A vanished lease (3), or "still yours" for a lease this instance did not know it held (a
    // retried take whose first answer was lost): someone may still trust an older lease.
    if ((reply === 3 || (reply === 1 && !believedHeld)) && !wasLeading) {
      this.#pendingUntil = Math.max(this.#pendingUntil, now + this.#ttlMs);
    }
    this.#heldFrom = sentAt; // the lease started no earlier than the request was sent
    return now >= this.#pendingUntil;
  }

  /**
   * Stops leading, cancels a request in flight and releases the lease if this instance holds
   * it: the lease is shortened to `marginMs`, not deleted. Bounded by `timeoutMs`. Idempotent.
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
    this.#stopRequests.abort(new SchedulerError("ElectorFailed", `${this.#owner} stopped`));
    await inflight?.catch(() => undefined);
    // A cancelled request may have taken the lease: release then too (harmless when not ours).
    if (!this.#everHeld && inflight === undefined) return;
    const what = `${this.#owner} could not release lease ${JSON.stringify(this.key)}`;
    const reply = await callRedis((context) => this.#backend.evalsha(RELEASE, [this.key], [this.instanceId, String(this.#marginMs)], context), {
      code: "ElectorFailed", what, clock: this.#clock, timeoutMs: this.#timeoutMs, secrets: this.#backend.secrets,
    });
    if (reply !== 0 && reply !== 1) throw new SchedulerError("ElectorFailed", `${what}: unexpected reply ${replyShape(reply)}`);
  }
}
