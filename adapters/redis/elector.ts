import { OptionChecks } from "../shared/redis/checks.ts";
import { ELECTOR_KEYS, ScriptElector, type RedisElectorSettings } from "../shared/redis/elector.ts";
import { checkConnection, CONNECTION_KEYS, type RedisConnection } from "./client.ts";

/** Options of {@link RedisElector}: a connection (`client` or `send`) and these. */
export interface RedisElectorOptions extends RedisConnection, RedisElectorSettings {}

const OWNER = "RedisElector";
const KNOWN = [...CONNECTION_KEYS, ...ELECTOR_KEYS] as const;

/**
 * An {@link Elector} on Redis over TCP (node-redis, ioredis, Bun's `RedisClient`, or any `send`
 * function): one instance holds a lease and runs every job. The same keys, scripts and
 * semantics as `UpstashElector`: one `EVALSHA` per renewal takes or extends the lease, and
 * leadership is trusted locally until `marginMs` before the lease could end, so any number of
 * jobs costs at most one command per `ttlMs / 3` on the leader and one per `checkMs` on a
 * follower. A leader that cannot renew stops claiming before its lease ends; a dead leader is
 * replaced within `ttlMs + checkMs`; `stop()` shortens the lease to `marginMs`. After Redis
 * lost its data, the instance that takes the vanished lease waits one `ttlMs` before it leads.
 *
 * Every call is bounded by `timeoutMs`: a TCP client cannot take back a command it has written,
 * so at the timeout the call is abandoned (its late reply ignored), not cancelled.
 *
 * @example
 * import Redis from "ioredis";
 * await using elector = new RedisElector({ client: new Redis(), key: "billing:leader" });
 * const scheduler = new Scheduler({ elector });
 */
export class RedisElector extends ScriptElector {
  constructor(options: RedisElectorOptions) {
    const checks = new OptionChecks(OWNER, "RedisOptionsInvalid");
    const o = checks.object(options);
    checks.keys(o, KNOWN);
    super(checkConnection(o, checks), o, checks);
  }
}
