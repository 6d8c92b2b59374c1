import { systemClock, type Clock } from "../../src/clock.ts";
import type { Lock, Locker, LockOptions } from "../../src/distributed.ts";
import { callRedis, randomToken } from "./call.ts";
import { checkClock, checkKeys, checkMs, checkObject, checkRedis, checkString, type UpstashRedis } from "./options.ts";

/** Options of {@link UpstashLocker}. */
export interface UpstashLockerOptions {
  /** An `@upstash/redis` client, configured the usual way (URL and token). */
  redis: UpstashRedis;
  /** Put before every lock key. @default "isocron:lock:" */
  prefix?: string;
  /**
   * Lock lifetime in ms, replacing the scheduler's `lockTtlMs` when set. Occurrences run
   * exactly once while instance clocks differ by less than this.
   * @default the scheduler's lockTtlMs (60_000)
   */
  ttlMs?: number;
  /** How long `lock()` waits for Redis before it fails (never longer than the TTL). @default 5_000 */
  timeoutMs?: number;
  /** Arms the extension timers of long runs. @default systemClock */
  clock?: Clock;
}

const OWNER = "UpstashLocker";
const KNOWN = ["redis", "prefix", "ttlMs", "timeoutMs", "clock"] as const;

/** Extends the key by ARGV[2] ms only while it still holds this lock's token (ARGV[1]). */
const EXTEND = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) end
return 0`;

type Script = ReturnType<UpstashRedis["createScript"]>;

/**
 * A {@link Locker} on Upstash Redis: every instance schedules every job, and one instance runs
 * each occurrence. Costs one `SET key token NX PX ttl` per instance per occurrence; a run
 * that ends within a third of the TTL costs nothing more (the key is kept until it expires,
 * so a late instance never runs the occurrence again); a longer run extends its lock every
 * third of the TTL with a script that checks the lock's random token.
 *
 * @example
 * import { Redis } from "@upstash/redis";
 * const locker = new UpstashLocker({ redis: Redis.fromEnv() });
 * const scheduler = new Scheduler({ locker });
 */
export class UpstashLocker implements Locker {
  readonly #redis: UpstashRedis;
  readonly #prefix: string;
  readonly #ttlMs: number | undefined;
  readonly #timeoutMs: number;
  readonly #clock: Clock;
  #extend: Script | undefined;

  constructor(options: UpstashLockerOptions) {
    const o = checkObject(options, OWNER);
    checkKeys(o, KNOWN, OWNER);
    this.#redis = checkRedis(o.redis, OWNER);
    this.#prefix = checkString(o.prefix, "prefix", OWNER, "isocron:lock:", true);
    this.#ttlMs = o.ttlMs === undefined ? undefined : checkMs(o.ttlMs, "ttlMs", OWNER, 0, 3);
    this.#timeoutMs = checkMs(o.timeoutMs, "timeoutMs", OWNER, 5_000);
    this.#clock = checkClock(o.clock, OWNER, systemClock);
  }

  async lock(key: string, options: LockOptions): Promise<Lock | null> {
    const ttlMs = Math.max(3, Math.round(this.#ttlMs ?? options.ttlMs));
    const fullKey = this.#prefix + key;
    const token = randomToken();
    const reply = await callRedis(() => this.#redis.set(fullKey, token, { nx: true, px: ttlMs }), {
      code: "LockerFailed",
      what: `${OWNER} could not take lock ${JSON.stringify(fullKey)}`,
      clock: this.#clock,
      timeoutMs: Math.min(this.#timeoutMs, ttlMs),
      signal: options.signal,
      secrets: [token],
    });
    if (reply === null) return null;
    return new UpstashLock(fullKey, token, ttlMs, this.#clock, () => (this.#extend ??= this.#redis.createScript<number>(EXTEND)));
  }
}

/** One held occurrence. `unlock()` only stops the extending: the key expires by itself. */
class UpstashLock implements Lock {
  #timer: unknown;
  #held = true;

  constructor(
    private readonly key: string,
    private readonly token: string,
    private readonly ttlMs: number,
    private readonly clock: Clock,
    private readonly script: () => Script,
  ) {
    this.#arm();
  }

  #arm(): void {
    this.#timer = this.clock.setTimer(() => void this.#extend(), this.ttlMs / 3);
  }

  async #extend(): Promise<void> {
    if (!this.#held) return;
    let reply: unknown;
    try {
      reply = await callRedis(() => this.script().exec([this.key], [this.token, String(this.ttlMs)]), {
        code: "LockerFailed",
        what: `${OWNER} could not extend lock ${JSON.stringify(this.key)}`,
        clock: this.clock,
        timeoutMs: this.ttlMs / 3,
        secrets: [this.token],
      });
    } catch {
      reply = undefined; // a failed extension is retried a third of the TTL later, while the key may live
    }
    if (!this.#held) return;
    if (reply === 0) {
      this.#held = false; // the key expired or belongs to another run: stop touching it
      return;
    }
    this.#arm();
  }

  async unlock(): Promise<void> {
    if (!this.#held) return;
    this.#held = false;
    this.clock.clearTimer(this.#timer);
  }
}
