import type { Clock } from "../../src/clock.ts";
import type { Elector } from "../../src/distributed.ts";
import { SchedulerError } from "../../src/errors.ts";
import type { BoundedCall } from "./call-options.ts";
import type { LeaseTimes } from "./lease-elector-options.ts";

/**
 * What one renewal found. `theirs`: another instance holds the lease. `taken`: this instance
 * holds it and no other can still trust an older lease. `kept`: it was this instance's
 * already; if this instance did not know (a retried take whose first answer was lost), another
 * may still trust an older lease. `revived`: taken where the lease had vanished (the store lost
 * its data), so another may still trust the vanished one.
 */
export type LeaseFound = "theirs" | "taken" | "kept" | "revived";

/** How one store holds the lease: all a {@link LeaseElector} asks of its backend. */
export interface LeaseAsk {
  /**
   * Takes the lease when free or extends it when this instance's, bounded by `timeoutMs` and by
   * `signal` (the elector's stop). Rejects with an `ElectorFailed` error when the store could
   * not be asked or answered anything unexpected.
   */
  renew(timeoutMs: number, signal: AbortSignal): Promise<LeaseFound>;
  /** Leaves the lease `marginMs` to live if this instance holds it, bounded by `timeoutMs`. */
  release(): Promise<void>;
  /** The store's bounded call, for a caller's own wait on a shared renewal. */
  call: BoundedCall;
}

/**
 * The lease bookkeeping every lease-based elector shares, whatever holds the lease: leadership
 * is trusted locally until `marginMs` before the lease could end and renewed in the
 * background once a third of it has passed; a follower trusts "not leader" for `checkMs`;
 * concurrent `isLeader()` calls share one request, and after a failed one the next waits
 * `min(checkMs, ttlMs / 6)` while callers get the same error.
 */
export class LeaseElector implements Elector {
  readonly instanceId: string;
  readonly #owner: string;
  readonly #ask: LeaseAsk;
  readonly #ttlMs: number;
  readonly #checkMs: number;
  readonly #marginMs: number;
  readonly #timeoutMs: number;
  readonly #clock: Clock;
  readonly #stopRequests = new AbortController();
  #heldFrom = Number.NEGATIVE_INFINITY; // when the last request that found the lease ours was sent
  #pendingUntil = Number.NEGATIVE_INFINITY; // holding, but not leading before this (see LeaseFound)
  #everHeld = false;
  #followUntil = Number.NEGATIVE_INFINITY;
  #quietUntil = Number.NEGATIVE_INFINITY; // after a failed request, none is sent before this
  #lastError: unknown;
  #inflight: Promise<boolean> | undefined;
  #stopping: Promise<void> | undefined;

  /** `owner` names the elector class in messages. */
  constructor(owner: string, instanceId: string, times: LeaseTimes, ask: LeaseAsk) {
    this.#owner = owner;
    this.instanceId = instanceId;
    this.#ask = ask;
    this.#ttlMs = times.ttlMs;
    this.#checkMs = times.checkMs;
    this.#marginMs = times.marginMs;
    this.#timeoutMs = times.timeoutMs;
    this.#clock = times.clock;
  }

  /** Whether this instance leads now; rejects with `ElectorFailed` when the lease could not be read or written in time. */
  async isLeader(signal?: AbortSignal): Promise<boolean> {
    if (this.#stopping) return false;
    const now = this.#clock.now();
    const quiet = now < this.#quietUntil && this.#inflight === undefined;
    if (now < this.#heldFrom + this.#ttlMs - this.#marginMs) {
      // Renew in the background once a third of the lease has passed; failures surface
      // later, when the trusted part of the lease has run out and a caller must wait.
      if (now >= this.#heldFrom + this.#ttlMs / 3 && !quiet) this.#shared().catch(() => undefined);
      return now >= this.#pendingUntil;
    }
    if (now < this.#followUntil) return false;
    // During an outage every job would otherwise send its own request: repeat the last error.
    if (quiet) throw this.#lastError;
    const answer = this.#shared();
    if (!signal) return answer;
    // A caller's abort ends its own wait, never the request other callers share.
    return this.#ask.call(() => answer, { code: "ElectorFailed", what: `${this.#owner} gave up asking`, clock: this.#clock, timeoutMs: this.#ttlMs, signal });
  }

  /** One renewal request, shared by every caller while it is in flight. */
  #shared(): Promise<boolean> {
    this.#inflight ??= this.#request().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  async #request(): Promise<boolean> {
    const sentAt = this.#clock.now();
    const trustedFor = this.#ttlMs - this.#marginMs;
    let found: LeaseFound;
    try {
      found = await this.#ask.renew(Math.min(this.#timeoutMs, trustedFor), this.#stopRequests.signal);
    } catch (error) {
      this.#lastError = error;
      this.#quietUntil = sentAt + Math.min(this.#checkMs, this.#ttlMs / 6);
      throw error;
    }
    const now = this.#clock.now();
    if (found !== "theirs") this.#everHeld = true; // so stop() releases even a lease it took while stopping
    if (this.#stopping) return false;
    if (found === "theirs" || now >= sentAt + trustedFor) {
      // Another holds it, or the answer came too late to trust: ask again after a check.
      this.#heldFrom = Number.NEGATIVE_INFINITY;
      this.#followUntil = sentAt + this.#checkMs; // from the send, so a check every checkMs stays one
      return false;
    }
    const believedHeld = sentAt < this.#heldFrom + this.#ttlMs;
    const wasLeading = sentAt < this.#heldFrom + trustedFor && sentAt >= this.#pendingUntil;
    // Wait one lease before leading, so whoever trusts an older lease has stopped first.
    if ((found === "revived" || (found === "kept" && !believedHeld)) && !wasLeading) {
      this.#pendingUntil = Math.max(this.#pendingUntil, now + this.#ttlMs);
    }
    this.#heldFrom = sentAt; // the lease started no earlier than the request was sent
    return now >= this.#pendingUntil;
  }

  /**
   * Stops leading, cuts off a request in flight and, if this instance holds the lease, leaves
   * it `marginMs` to live (never deletes it), so no instance whose clock is behind re-runs what
   * this one just ran. Bounded by `timeoutMs`. Idempotent. Also `[Symbol.asyncDispose]`.
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
    // A cut-off request may have taken the lease: release then too (the store keeps one not ours).
    if (!this.#everHeld && inflight === undefined) return;
    await this.#ask.release();
  }
}
