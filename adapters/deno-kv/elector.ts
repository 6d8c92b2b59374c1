import { SchedulerError } from "../../src/errors.ts";
import { uuid } from "../../src/uuid.ts";
import { callKv, stopIfAborted, whenFree } from "./call.ts";
import type { DenoKv, DenoKvKey } from "./kv.ts";
import { asLease, committed } from "./lease.ts";
import { OptionChecker } from "./options.ts";
import { LeaseElector, type LeaseAsk, type LeaseFound } from "../shared/lease-elector.ts";
import { leaseTimes, type LeaseElectorOptions, type LeaseTimes } from "../shared/lease-elector-options.ts";

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
export class DenoKvElector extends LeaseElector {
  readonly key: DenoKvKey;

  constructor(options: DenoKvElectorOptions) {
    const check = new OptionChecker(OWNER, "WithElectorInvalid");
    const o = check.object(options, KNOWN);
    const kv = check.kv(o.kv);
    const key = check.key(o.key, "key", ["isocron", "leader"], false);
    const instanceId = check.string(o.instanceId, "instanceId", uuid(), 200);
    const times = leaseTimes(o, check);
    super(OWNER, instanceId, times, new KvLease(kv, key, instanceId, times));
    this.key = key;
  }
}

/** The lease as one Deno KV entry, written with a commit that checks its versionstamp. */
class KvLease implements LeaseAsk {
  readonly call = callKv;
  readonly #kv: DenoKv;
  readonly #key: DenoKvKey;
  readonly #instanceId: string;
  readonly #times: LeaseTimes;
  #versionstamp: string | null = null; // of the lease this instance last wrote

  constructor(kv: DenoKv, key: DenoKvKey, instanceId: string, times: LeaseTimes) {
    this.#kv = kv;
    this.#key = key;
    this.#instanceId = instanceId;
    this.#times = times;
  }

  async renew(timeoutMs: number, signal: AbortSignal): Promise<LeaseFound> {
    try {
      const held = await callKv((abort) => this.#renew(abort), { code: "ElectorFailed", what: `${OWNER} could not renew its lease`, clock: this.#times.clock, timeoutMs, signal });
      // Deno KV keeps what it acknowledged, so no older lease can still be trusted elsewhere.
      return held ? "taken" : "theirs";
    } catch (error) {
      this.#versionstamp = null; // a commit that timed out may have landed: read before writing again
      throw error;
    }
  }

  /**
   * Extends the lease with a commit checking the versionstamp this instance last wrote; when
   * that fails (or none is known), reads the lease and takes it if it is absent, expired or
   * ours. Answers whether this instance holds the lease now.
   */
  async #renew(abort: AbortSignal): Promise<boolean> {
    const { clock, ttlMs } = this.#times;
    let versionstamp = this.#versionstamp;
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      if (versionstamp === null) {
        const entry = await whenFree(() => this.#kv.get(this.#key), clock, abort);
        const lease = entry.versionstamp === null ? null : asLease(entry.value);
        if (entry.versionstamp !== null && lease === null) throw new SchedulerError("ElectorFailed", `${OWNER}: the lease key holds a value that is not an isocron lease`);
        if (lease !== null && lease.holder !== this.#instanceId && lease.expiresAt > clock.now()) return false;
        versionstamp = entry.versionstamp;
      }
      stopIfAborted(abort);
      const result = committed(await whenFree(() => this.#kv.atomic()
        .check({ key: this.#key, versionstamp })
        .set(this.#key, { holder: this.#instanceId, expiresAt: clock.now() + ttlMs }, { expireIn: ttlMs })
        .commit(), clock, abort));
      if (result === undefined) throw new SchedulerError("ElectorFailed", `${OWNER}: the KV answered a commit with neither ok: true and a versionstamp nor ok: false`);
      this.#versionstamp = result;
      if (result !== null) return true;
      versionstamp = null; // changed since: read it
    }
    throw new SchedulerError("ElectorFailed", `${OWNER}: the lease kept changing while being renewed (${ATTEMPTS} attempts)`);
  }

  /** If this instance holds the lease, shortens it to `marginMs`: one read and one commit. */
  release(): Promise<void> {
    const { clock, marginMs, timeoutMs } = this.#times;
    return callKv(async (abort) => {
      for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
        const entry = await whenFree(() => this.#kv.get(this.#key), clock, abort);
        const lease = entry.versionstamp === null ? null : asLease(entry.value);
        const now = clock.now();
        if (lease === null || lease.holder !== this.#instanceId || lease.expiresAt <= now + marginMs) return;
        stopIfAborted(abort);
        const result = committed(await whenFree(() => this.#kv.atomic()
          .check({ key: this.#key, versionstamp: entry.versionstamp })
          .set(this.#key, { holder: this.#instanceId, expiresAt: now + marginMs }, { expireIn: marginMs })
          .commit(), clock, abort));
        if (result === undefined) throw new SchedulerError("ElectorFailed", `${OWNER}: the KV answered a commit with neither ok: true and a versionstamp nor ok: false`);
        if (result !== null) return;
      }
      throw new SchedulerError("ElectorFailed", `${OWNER}: the lease kept changing while being released (${ATTEMPTS} attempts)`);
    }, { code: "ElectorFailed", what: `${OWNER} could not release its lease`, clock, timeoutMs });
  }
}
