import { OptionChecks } from "../shared/redis/checks.ts";
import { LOCKER_KEYS, ScriptLocker, type RedisLockerSettings } from "../shared/redis/locker.ts";
import { checkConnection, CONNECTION_KEYS, type RedisConnection } from "./client.ts";

/** Options of {@link RedisLocker}: a connection (`client` or `send`) and these. */
export interface RedisLockerOptions extends RedisConnection, RedisLockerSettings {}

const OWNER = "RedisLocker";
const KNOWN = [...CONNECTION_KEYS, ...LOCKER_KEYS] as const;

/**
 * A {@link Locker} on Redis over TCP, through the client you already use (node-redis, ioredis,
 * Bun's `RedisClient`, or any `send` function): every instance schedules every job, and one
 * instance runs each occurrence. The same keys, scripts and semantics as `UpstashLocker`:
 * `lock()` is one `EVAL` that sets the key to `<holder>:<random token>` unless it is taken (and
 * recognises its own token when resent); `lockMany()` takes every key of a dispatch batch in
 * one `EVAL`; a run that ends within a third of the TTL costs nothing more (the key expires by
 * itself, so a late instance never runs the occurrence again); the long runs of one locker
 * share one `EVALSHA` per third of the TTL that checks each key's token. Only the exact
 * expected replies count: anything else is a `LockerFailed` error.
 *
 * Every call is bounded by `timeoutMs` (and the TTL): a TCP client cannot take back a command
 * it has written, so at the timeout the call is abandoned, not cancelled, and its late reply
 * ignored (the scripts are idempotent). On Redis Cluster give `prefix` a hash tag, e.g.
 * `"{isocron}:lock:"`, so the keys of one batch share a slot.
 *
 * @example
 * import { createClient } from "redis";
 * const client = await createClient({ url: "redis://localhost:6379" }).connect();
 * const scheduler = new Scheduler({ locker: new RedisLocker({ client }) });
 */
export class RedisLocker extends ScriptLocker {
  constructor(options: RedisLockerOptions) {
    const checks = new OptionChecks(OWNER, "RedisOptionsInvalid");
    const o = checks.object(options);
    checks.keys(o, KNOWN);
    super(checkConnection(o, checks), o, checks);
  }
}
