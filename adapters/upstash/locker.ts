import { ScriptLocker, LOCKER_KEYS, type RedisLockerSettings } from "../shared/redis/locker.ts";
import { checkConnection, CONNECTION_KEYS, upstashChecks, type UpstashConnection } from "./options.ts";

/** Options of {@link UpstashLocker}: a connection (`url` + `token`, or `redis`) and these. */
export interface UpstashLockerOptions extends UpstashConnection, RedisLockerSettings {}

const OWNER = "UpstashLocker";
const KNOWN = [...CONNECTION_KEYS, ...LOCKER_KEYS] as const;

/**
 * A {@link Locker} on Upstash Redis: every instance schedules every job, and one instance runs
 * each occurrence. Costs one command per instance per occurrence (an `EVAL` of a short script
 * that sets the key to a token, `<holder>:<random>` with the scheduler's `instanceId` as the
 * holder, unless it is taken, and recognises its own token when the client resends it), or,
 * through `lockMany()`, one command per instance for every occurrence of a dispatch batch; a
 * run that ends within a third of the TTL costs nothing more (the key is kept until it
 * expires, so a late instance never runs the occurrence again); the longer runs of one locker
 * share one extension script per third of the TTL that checks each key's token. Only the
 * exact expected replies count: anything else is a `LockerFailed` error. The scripts and their
 * semantics are those of `RedisLocker` (`isocron/redis`).
 *
 * @example
 * // url and token from your environment (UPSTASH_REDIS_REST_URL, UPSTASH_REDIS_REST_TOKEN)
 * const locker = new UpstashLocker({ url, token });
 * const scheduler = new Scheduler({ locker });
 */
export class UpstashLocker extends ScriptLocker {
  constructor(options: UpstashLockerOptions) {
    const checks = upstashChecks(OWNER);
    const o = checks.object(options);
    checks.keys(o, KNOWN);
    super(checkConnection(o, OWNER), o, checks);
  }
}
