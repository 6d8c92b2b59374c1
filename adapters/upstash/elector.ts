import { systemClock, type Clock } from "../../src/clock.ts";
import type { Elector } from "../../src/distributed.ts";
import { show } from "../../src/errors.ts";
import { callRedis, randomToken } from "./call.ts";
import { checkClock, checkKeys, checkMs, checkObject, checkRedis, checkString, invalid, type UpstashRedis } from "./options.ts";

/** Options of {@link UpstashElector}. */
export interface UpstashElectorOptions {
  /** An `@upstash/redis` client, configured the usual way (URL and token). */
  redis: UpstashRedis;
  /** The lease key; instances that compete for one leadership share it. @default "isocron:leader" */
  key?: string;
  /** Lease lifetime in ms. A dead leader is replaced within `ttlMs + checkMs`. @default 15_000 */
  ttlMs?: number;
  /** This instance's name in the lease; unique per live instance. @default a random id */
  instanceId?: string;
  /** How long a follower trusts "not leader" before asking again. @default ttlMs / 3 */
  checkMs?: number;
  /**
   * The leader stops claiming leadership this long before its lease could end, so two leaders
   * never overlap while clocks run at the same rate. Below two thirds of `ttlMs`.
   * @default ttlMs / 5
   */
  marginMs?: number;
  /** How long one request may take before it counts as failed. @default 5_000 */
  timeoutMs?: number;
  /** Reads time for the lease bookkeeping. @default systemClock */
  clock?: Clock;
}

const OWNER = "UpstashElector";
const KNOWN = ["redis", "key", "ttlMs", "instanceId", "checkMs", "marginMs", "timeoutMs", "clock"] as const;

/** Extends the lease when ARGV[1] holds it, takes it when free: 1 = leader, 0 = follower. */
const RENEW = `local holder = redis.call("GET", KEYS[1])
if holder == ARGV[1] then redis.call("PEXPIRE", KEYS[1], ARGV[2]) return 1 end
if holder then return 0 end
redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])
return 1`;

/** Deletes the lease only when ARGV[1] holds it. */
const RELEASE = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end
return 0`;

/**
 * An {@link Elector} on Upstash Redis: one instance holds a lease and runs every job. One script
 * per renewal takes or extends the lease; leadership is then trusted locally until `marginMs`
 * before the lease could end (renewed once a third of it has passed), so any number of jobs
 * costs at most one request per `ttlMs / 3` on the leader and one per `checkMs` on a follower,
 * and nothing while no job is due. Concurrent `isLeader()` calls share one request; after a
 * failed request the next waits `min(checkMs, ttlMs / 6)` (callers meanwhile get the same
 * error). A leader that cannot renew stops claiming before its lease ends; `stop()` releases
 * the lease so a follower takes over at its next check.
 *
 * @example
 * await using elector = new UpstashElector({ redis: Redis.fromEnv(), key: "billing:leader" });
 * const scheduler = new Scheduler({ elector });
 */
export class UpstashElector implements Elector {
  readonly instanceId: string;
  readonly key: string;
  readonly #redis: UpstashRedis;
  readonly #ttlMs: number;
  readonly #checkMs: number;
  readonly #marginMs: number;
  readonly #timeoutMs: number;
  readonly #clock: Clock;
  #renew: ReturnType<UpstashRedis["createScript"]> | undefined;
  #leaseFrom = Number.NEGATIVE_INFINITY; // when the last successful renewal was sent
  #leading = false;
  #everLed = false;
  #followUntil = Number.NEGATIVE_INFINITY;
  #quietUntil = Number.NEGATIVE_INFINITY; // after a failed request, none is sent before this
  #lastError: unknown;
  #inflight: Promise<boolean> | undefined;
  #stopping: Promise<void> | undefined;

  constructor(options: UpstashElectorOptions) {
    const o = checkObject(options, OWNER);
    checkKeys(o, KNOWN, OWNER);
    this.#redis = checkRedis(o.redis, OWNER);
    this.key = checkString(o.key, "key", OWNER, "isocron:leader");
    this.instanceId = checkString(o.instanceId, "instanceId", OWNER, randomToken("isocron-elector-"));
    this.#ttlMs = checkMs(o.ttlMs, "ttlMs", OWNER, 15_000, 30);
    this.#checkMs = checkMs(o.checkMs, "checkMs", OWNER, Math.round(this.#ttlMs / 3));
    this.#marginMs = checkMs(o.marginMs, "marginMs", OWNER, Math.round(this.#ttlMs / 5));
    if (this.#marginMs >= (this.#ttlMs * 2) / 3) {
      throw invalid(`${OWNER} option marginMs must be below two thirds of ttlMs (${this.#ttlMs}), got ${show(this.#marginMs)}`);
    }
    this.#timeoutMs = checkMs(o.timeoutMs, "timeoutMs", OWNER, 5_000);
    this.#clock = checkClock(o.clock, OWNER, systemClock);
  }

  async isLeader(signal?: AbortSignal): Promise<boolean> {
    if (this.#stopping) return false;
    const now = this.#clock.now();
    const quiet = now < this.#quietUntil && this.#inflight === undefined;
    if (this.#leading) {
      if (now < this.#leaseFrom + this.#ttlMs - this.#marginMs) {
        // Renew in the background once a third of the lease has passed; failures surface
        // later, when the trusted part of the lease has run out and a caller must wait.
        if (now >= this.#leaseFrom + this.#ttlMs / 3 && !quiet) this.#ask().catch(() => undefined);
        return true;
      }
      this.#leading = false;
    } else if (now < this.#followUntil) {
      return false;
    }
    // During an outage every job would otherwise send its own request: repeat the last error.
    if (quiet) throw this.#lastError;
    const answer = this.#ask();
    if (!signal) return answer;
    return callRedis(() => answer, { code: "ElectorFailed", what: `${OWNER} gave up asking`, clock: this.#clock, timeoutMs: this.#ttlMs, signal });
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
    this.#renew ??= this.#redis.createScript<number>(RENEW);
    const script = this.#renew;
    let reply: unknown;
    try {
      reply = await callRedis(() => script.exec([this.key], [this.instanceId, String(this.#ttlMs)]), {
        code: "ElectorFailed",
        what: `${OWNER} could not renew lease ${JSON.stringify(this.key)}`,
        clock: this.#clock,
        timeoutMs: Math.min(this.#timeoutMs, trustedFor),
      });
    } catch (error) {
      if (this.#clock.now() >= this.#leaseFrom + trustedFor) this.#leading = false;
      this.#lastError = error;
      this.#quietUntil = sentAt + Math.min(this.#checkMs, this.#ttlMs / 6);
      throw error;
    }
    const now = this.#clock.now();
    if (reply === 1) this.#everLed = true; // so stop() releases even a lease it took while stopping
    if (this.#stopping) return false;
    if (reply === 1 && now < sentAt + trustedFor) {
      this.#leading = true;
      this.#leaseFrom = sentAt; // the lease started no earlier than the request was sent
      return true;
    }
    this.#leading = false;
    this.#followUntil = sentAt + this.#checkMs; // from the send, so a check every checkMs stays one
    return false;
  }

  /** Stops leading and releases the lease (only if this instance holds it). Idempotent. */
  stop(): Promise<void> {
    this.#stopping ??= this.#release();
    return this.#stopping;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  async #release(): Promise<void> {
    this.#leading = false;
    await this.#inflight?.catch(() => undefined);
    if (!this.#everLed) return;
    const script = this.#redis.createScript<number>(RELEASE);
    await callRedis(() => script.exec([this.key], [this.instanceId]), {
      code: "ElectorFailed",
      what: `${OWNER} could not release lease ${JSON.stringify(this.key)}`,
      clock: this.#clock,
      timeoutMs: this.#timeoutMs,
    });
  }
}
