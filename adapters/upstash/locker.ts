import { MAX_TIMER_MS, systemClock, type Clock } from "../../src/clock.ts";
import type { Lock, Locker, LockOptions } from "../../src/distributed.ts";
import { SchedulerError, show } from "../../src/errors.ts";
import type { Backend } from "./backend.ts";
import { callRedis, randomToken } from "./call.ts";
import { checkClock, checkConnection, checkKeys, checkMs, checkObject, checkString, CONNECTION_KEYS, type UpstashConnection } from "./options.ts";

/** Options of {@link UpstashLocker}: a connection (`url` + `token`, or `redis`) and these. */
export interface UpstashLockerOptions extends UpstashConnection {
  /** Put before every lock key. @default "isocron:lock:" */
  prefix?: string;
  /**
   * Lock lifetime in ms (3 to 2^31-1), replacing the scheduler's `lockTtlMs` when set.
   * Occurrences run exactly once while instance clocks differ by less than this.
   * @default the scheduler's lockTtlMs (60_000)
   */
  ttlMs?: number;
  /** How long `lock()` waits for Redis before it fails (never longer than the TTL). @default 5_000 */
  timeoutMs?: number;
  /** Arms the extension timers of long runs. @default systemClock */
  clock?: Clock;
}

const OWNER = "UpstashLocker";
const KNOWN = [...CONNECTION_KEYS, "prefix", "ttlMs", "timeoutMs", "clock"] as const;
/** Longest `holder` (the scheduler's instanceId, at most 200 characters) a lock accepts. */
const MAX_HOLDER = 200;

/**
 * The value stored under a lock key: `<holder>:<random token>` when the scheduler names itself
 * (so an operator's `GET` shows who holds the occurrence), else the random token alone. The
 * random part keeps it unguessable, and its `isocron-` prefix keeps it from looking numeric.
 */
function lockValue(holder: unknown, random: string): string {
  if (holder === undefined) return random;
  if (typeof holder !== "string" || holder.length === 0 || holder.length > MAX_HOLDER) {
    throw new SchedulerError("LockerFailed", `${OWNER}: holder must be a string of 1 to ${MAX_HOLDER} characters, got ${show(holder)}`);
  }
  return `${holder}:${random}`;
}

/**
 * Takes the key for ARGV[1] unless another token holds it. Idempotent: when the client resends
 * it (the first answer was lost), it finds its own token and answers the same. Replies the
 * token when the lock is ours, 0 when another holds it.
 */
const ACQUIRE = `local held = redis.call("GET", KEYS[1])
if held == ARGV[1] then return ARGV[1] end
if held then return 0 end
redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])
return ARGV[1]`;

/** Extends the key by ARGV[2] ms only while it still holds this lock's token (ARGV[1]). */
const EXTEND = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) end
return 0`;

/**
 * A {@link Locker} on Upstash Redis: every instance schedules every job, and one instance runs
 * each occurrence. Costs one command per instance per occurrence (an `EVAL` of a short script
 * that sets the key to a token, `<holder>:<random>` with the scheduler's `instanceId` as the
 * holder, unless it is taken, and recognises its own token when the client resends it); a
 * run that ends within a third of the TTL costs nothing more (the key
 * is kept until it expires, so a late instance never runs the occurrence again); a longer run
 * extends its lock every third of the TTL with a script that checks the token. Only the exact
 * expected replies count: anything else is a `LockerFailed` error.
 *
 * @example
 * // url and token from your environment (UPSTASH_REDIS_REST_URL, UPSTASH_REDIS_REST_TOKEN)
 * const locker = new UpstashLocker({ url, token });
 * const scheduler = new Scheduler({ locker });
 */
export class UpstashLocker implements Locker {
  readonly #backend: Backend;
  readonly #prefix: string;
  readonly #ttlMs: number | undefined;
  readonly #timeoutMs: number;
  readonly #clock: Clock;

  constructor(options: UpstashLockerOptions) {
    const o = checkObject(options, OWNER);
    checkKeys(o, KNOWN, OWNER);
    this.#backend = checkConnection(o, OWNER);
    this.#prefix = checkString(o.prefix, "prefix", OWNER, "isocron:lock:", true);
    this.#ttlMs = o.ttlMs === undefined ? undefined : checkMs(o.ttlMs, "ttlMs", OWNER, 0, 3);
    this.#timeoutMs = checkMs(o.timeoutMs, "timeoutMs", OWNER, 5_000);
    this.#clock = checkClock(o.clock, OWNER, systemClock);
  }

  async lock(key: string, options: LockOptions): Promise<Lock | null> {
    const requested = this.#ttlMs ?? options.ttlMs;
    if (typeof requested !== "number" || !(requested >= 1)) {
      throw new SchedulerError("LockerFailed", `${OWNER} got an invalid lock ttlMs ${show(requested)}`);
    }
    const ttlMs = Math.min(MAX_TIMER_MS, Math.max(3, Math.round(requested)));
    const fullKey = this.#prefix + key;
    const random = randomToken();
    const token = lockValue(options.holder, random);
    const what = `${OWNER} could not take lock ${JSON.stringify(fullKey)}`;
    // The random part on its own too: an echoed body may show the holder JSON-escaped.
    const secrets = [...this.#backend.secrets, token, random];
    const reply = await callRedis((context) => this.#backend.eval(ACQUIRE, [fullKey], [token, String(ttlMs)], context), {
      code: "LockerFailed", what, clock: this.#clock, timeoutMs: Math.min(this.#timeoutMs, ttlMs), signal: options.signal, secrets,
    });
    if (reply === 0) return null;
    if (reply !== token) throw new SchedulerError("LockerFailed", `${what}: unexpected reply ${replyShape(reply)}`);
    return new UpstashLock(fullKey, token, random, ttlMs, this.#clock, this.#backend);
  }
}

/** Describes a reply without echoing it (it may hold a token). */
export function replyShape(reply: unknown): string {
  if (reply === null || reply === undefined) return String(reply);
  if (typeof reply === "number") return String(reply);
  if (Array.isArray(reply)) return `(an array of ${reply.length})`;
  return `(a ${typeof reply})`;
}

/** One held occurrence. `unlock()` only stops the extending: the key expires by itself. */
class UpstashLock implements Lock {
  #timer: unknown;
  #held = true;
  #inflight: AbortController | undefined;

  constructor(
    private readonly key: string,
    private readonly token: string,
    private readonly random: string,
    private readonly ttlMs: number,
    private readonly clock: Clock,
    private readonly backend: Backend,
  ) {
    this.#arm();
  }

  #arm(): void {
    this.#timer = this.clock.setTimer(() => void this.#extend(), Math.max(1, Math.floor(this.ttlMs / 3)));
  }

  async #extend(): Promise<void> {
    if (!this.#held) return;
    let reply: unknown;
    const stop = (this.#inflight = new AbortController());
    try {
      reply = await callRedis((context) => this.backend.evalsha(EXTEND, [this.key], [this.token, String(this.ttlMs)], context), {
        code: "LockerFailed",
        what: `${OWNER} could not extend lock ${JSON.stringify(this.key)}`,
        clock: this.clock,
        timeoutMs: Math.max(1, Math.floor(this.ttlMs / 3)),
        signal: stop.signal,
        secrets: [...this.backend.secrets, this.token, this.random],
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
    this.#inflight?.abort(new SchedulerError("LockerFailed", `${OWNER} lock released`));
  }
}
