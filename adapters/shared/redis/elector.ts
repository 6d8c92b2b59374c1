import { SchedulerError } from "../../../src/errors.ts";
import type { Backend } from "./backend.ts";
import { callRedis, randomToken, replyShape } from "./call.ts";
import type { OptionChecks } from "./checks.ts";
import { RELEASE, RENEW } from "./scripts.ts";
import { LeaseElector, type LeaseAsk, type LeaseFound } from "../lease-elector.ts";
import { leaseTimes, type LeaseElectorOptions, type LeaseTimes } from "../lease-elector-options.ts";

/** Options every Redis elector has, whatever its transport. */
export interface RedisElectorSettings extends LeaseElectorOptions {
  /** The lease key; instances that compete for one leadership share it. @default "isocron:leader" */
  key?: string;
}

export const ELECTOR_KEYS = ["key", "ttlMs", "instanceId", "checkMs", "marginMs", "timeoutMs", "clock"] as const;

/** What RENEW's replies mean, by reply (see scripts.ts). */
const FOUND: readonly LeaseFound[] = ["theirs", "kept", "taken", "revived"];

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
export class ScriptElector extends LeaseElector {
  readonly key: string;

  /** `o` holds the {@link RedisElectorSettings} (unchecked); `checks` reports a bad one. */
  constructor(backend: Backend, o: Record<string, unknown>, checks: OptionChecks) {
    const key = checks.string(o.key, "key", "isocron:leader");
    const instanceId = checks.string(o.instanceId, "instanceId", randomToken("isocron-elector-"));
    const times = leaseTimes(o, checks);
    super(checks.owner, instanceId, times, scriptLease(backend, checks.owner, key, instanceId, times));
    this.key = key;
  }
}

/** The lease as two scripts: RENEW takes or extends it, RELEASE shortens it to `marginMs`. */
function scriptLease(backend: Backend, owner: string, key: string, instanceId: string, times: LeaseTimes): LeaseAsk {
  const { ttlMs, marginMs, timeoutMs, clock } = times;
  return {
    call: callRedis,
    async renew(renewTimeoutMs, signal) {
      const what = `${owner} could not renew lease ${JSON.stringify(key)}`;
      const reply = await callRedis((context) => backend.evalsha(RENEW, [key, `${key}:seen`], [instanceId, String(ttlMs)], context), {
        code: "ElectorFailed", what, clock, timeoutMs: renewTimeoutMs, signal, secrets: backend.secrets,
      });
      if (reply !== 0 && reply !== 1 && reply !== 2 && reply !== 3) throw new SchedulerError("ElectorFailed", `${what}: unexpected reply ${replyShape(reply)}`);
      return FOUND[reply] as LeaseFound;
    },
    async release() {
      const what = `${owner} could not release lease ${JSON.stringify(key)}`;
      const reply = await callRedis((context) => backend.evalsha(RELEASE, [key], [instanceId, String(marginMs)], context), {
        code: "ElectorFailed", what, clock, timeoutMs, secrets: backend.secrets,
      });
      if (reply !== 0 && reply !== 1) throw new SchedulerError("ElectorFailed", `${what}: unexpected reply ${replyShape(reply)}`);
    },
  };
}
