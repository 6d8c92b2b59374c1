import { MAX_TIMER_MS, systemClock, type Clock } from "../../../src/clock.ts";
import type { Lock, Locker, LockOptions } from "../../../src/distributed.ts";
import { SchedulerError, show } from "../../../src/errors.ts";
import type { Backend } from "./backend.ts";
import { callRedis, randomToken, replyShape } from "./call.ts";
import type { OptionChecks } from "./checks.ts";
import { Extender } from "./extender.ts";
import { ACQUIRE, ACQUIRE_MANY } from "./scripts.ts";

/** Options every Redis locker has, whatever its transport. */
export interface RedisLockerSettings {
  /**
   * Put before every lock key. On Redis Cluster, give it a hash tag (`"{isocron}:lock:"`) so
   * the keys of one batch share a slot. @default "isocron:lock:"
   */
  prefix?: string;
  /**
   * Lock lifetime in ms (3 to 2^31-1), replacing the scheduler's `lockTtlMs` when set.
   * Occurrences run exactly once while instance clocks differ by less than this.
   * @default the scheduler's lockTtlMs (60_000)
   */
  ttlMs?: number;
  /** How long `lock()` waits for Redis before it fails (never longer than the TTL). @default 5_000 */
  timeoutMs?: number;
  /** Arms the extension timer of long runs. @default systemClock */
  clock?: Clock;
}

export const LOCKER_KEYS = ["prefix", "ttlMs", "timeoutMs", "clock"] as const;
/** Longest `holder` (the scheduler's instanceId, at most 200 characters) a lock accepts. */
const MAX_HOLDER = 200;

/**
 * The Redis locker, whatever carries its scripts: `lock()` is one ACQUIRE script, `lockMany()`
 * one ACQUIRE_MANY script for the whole batch, and the long runs of this locker share one
 * extension script per tick ({@link Extender}). Only the exact expected replies count: anything
 * else is a `LockerFailed` error. The transports (`UpstashLocker`, `RedisLocker`) only check
 * their connection options and pass a {@link Backend}.
 */
export class ScriptLocker implements Locker {
  readonly #owner: string;
  readonly #backend: Backend;
  readonly #prefix: string;
  readonly #ttlMs: number | undefined;
  readonly #timeoutMs: number;
  readonly #clock: Clock;
  readonly #extender: Extender;

  /** `o` holds the {@link RedisLockerSettings} (unchecked); `checks` reports a bad one. */
  constructor(backend: Backend, o: Record<string, unknown>, checks: OptionChecks) {
    this.#owner = checks.owner;
    this.#backend = backend;
    this.#prefix = checks.string(o.prefix, "prefix", "isocron:lock:", true);
    this.#ttlMs = o.ttlMs === undefined ? undefined : checks.ms(o.ttlMs, "ttlMs", 0, 3);
    this.#timeoutMs = checks.ms(o.timeoutMs, "timeoutMs", 5_000);
    this.#clock = checks.clock(o.clock, systemClock);
    this.#extender = new Extender(this.#owner, backend, this.#clock);
  }

  async lock(key: string, options: LockOptions): Promise<Lock | null> {
    const ttlMs = this.#ttl(options);
    const fullKey = this.#prefix + key;
    const random = randomToken();
    const token = this.#value(options.holder, random);
    const what = `${this.#owner} could not take lock ${JSON.stringify(fullKey)}`;
    // The random part on its own too: an echoed body may show the holder JSON-escaped.
    const reply = await callRedis((context) => this.#backend.eval(ACQUIRE, [fullKey], [token, String(ttlMs)], context), {
      code: "LockerFailed", what, clock: this.#clock, timeoutMs: Math.min(this.#timeoutMs, ttlMs), signal: options.signal, secrets: [...this.#backend.secrets, token, random],
    });
    if (reply === 0) return null;
    if (reply !== token) throw new SchedulerError("LockerFailed", `${what}: unexpected reply ${replyShape(reply)}`);
    return this.#extender.hold(fullKey, token, random, ttlMs);
  }

  /**
   * Takes every key of a batch in one command (one entry per key, in order: a `Lock` when won,
   * `null` when another instance holds it). Resent after a lost answer, the script finds its
   * own tokens and answers the same. Throws `LockerFailed` when Redis could not be asked or
   * answered anything but one 0/1 per key. A single key costs the same as `lock()`.
   */
  async lockMany(keys: string[], options: LockOptions): Promise<(Lock | null)[]> {
    if (!Array.isArray(keys) || !keys.every((key) => typeof key === "string")) {
      throw new SchedulerError("LockerFailed", `${this.#owner}.lockMany needs an array of keys, got ${show(keys)}`);
    }
    if (keys.length <= 1) return keys.length === 0 ? [] : [await this.lock(keys[0] as string, options)];
    const ttlMs = this.#ttl(options);
    const fullKeys = keys.map((key) => this.#prefix + key);
    const randoms = keys.map(() => randomToken());
    const tokens = randoms.map((random) => this.#value(options.holder, random));
    const what = `${this.#owner} could not take ${keys.length} locks (${JSON.stringify(fullKeys[0])}, ...)`;
    const reply = await callRedis((context) => this.#backend.eval(ACQUIRE_MANY, fullKeys, [String(ttlMs), ...tokens], context), {
      code: "LockerFailed", what, clock: this.#clock, timeoutMs: Math.min(this.#timeoutMs, ttlMs), signal: options.signal, secrets: [...this.#backend.secrets, ...tokens, ...randoms],
    });
    if (!Array.isArray(reply) || reply.length !== keys.length || !reply.every((won) => won === 0 || won === 1)) {
      throw new SchedulerError("LockerFailed", `${what}: unexpected reply ${replyShape(reply)}`);
    }
    return reply.map((won, i) => (won === 1 ? this.#extender.hold(fullKeys[i] as string, tokens[i] as string, randoms[i] as string, ttlMs) : null));
  }

  #ttl(options: LockOptions): number {
    const requested = this.#ttlMs ?? options?.ttlMs;
    if (typeof requested !== "number" || !(requested >= 1)) {
      throw new SchedulerError("LockerFailed", `${this.#owner} got an invalid lock ttlMs ${show(requested)}`);
    }
    return Math.min(MAX_TIMER_MS, Math.max(3, Math.round(requested)));
  }

  /**
   * The value stored under a lock key: `<holder>:<random token>` when the scheduler names itself
   * (so an operator's `GET` shows who holds the occurrence), else the random token alone. The
   * random part keeps it unguessable, and its `isocron-` prefix keeps it from looking numeric.
   */
  #value(holder: unknown, random: string): string {
    if (holder === undefined) return random;
    if (typeof holder !== "string" || holder.length === 0 || holder.length > MAX_HOLDER) {
      throw new SchedulerError("LockerFailed", `${this.#owner}: holder must be a string of 1 to ${MAX_HOLDER} characters, got ${show(holder)}`);
    }
    return `${holder}:${random}`;
  }
}
