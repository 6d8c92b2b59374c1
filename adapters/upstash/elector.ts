import { ELECTOR_KEYS, ScriptElector, type RedisElectorSettings } from "../shared/redis/elector.ts";
import { checkConnection, CONNECTION_KEYS, upstashChecks, type UpstashConnection } from "./options.ts";

/** Options of {@link UpstashElector}: a connection (`url` + `token`, or `redis`) and these. */
export interface UpstashElectorOptions extends UpstashConnection, RedisElectorSettings {}

const OWNER = "UpstashElector";
const KNOWN = [...CONNECTION_KEYS, ...ELECTOR_KEYS] as const;

/**
 * An {@link Elector} on Upstash Redis: one instance holds a lease and runs every job. One script
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
 * The scripts and their semantics are those of `RedisElector` (`isocron/redis`).
 *
 * @example
 * await using elector = new UpstashElector({ url, token, key: "billing:leader" });
 * const scheduler = new Scheduler({ elector });
 */
export class UpstashElector extends ScriptElector {
  constructor(options: UpstashElectorOptions) {
    const checks = upstashChecks(OWNER);
    const o = checks.object(options);
    checks.keys(o, KNOWN);
    super(checkConnection(o, OWNER), o, checks);
  }
}
