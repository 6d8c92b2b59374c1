/**
 * One instance of the Redis multi-process test (bundled by test/support/fleet.ts, run by plain
 * Node; not a test file): a RedisLocker (jobs lock-a, lock-b) and a RedisElector (jobs lead-a,
 * lead-b) talking TCP to one redis-server through node-redis or ioredis, run by
 * test/support/fleet-instance.ts.
 */
import { Redis as IoRedis } from "ioredis";
import { createClient } from "redis";
import { RedisElector, RedisLocker, type RedisClient } from "../../adapters/redis/index.ts";
import { fleetConfig, runFleetInstance, skewedClock } from "../support/fleet-instance.ts";

const config = fleetConfig<{ client: "node-redis" | "ioredis"; port: number }>();
const clock = skewedClock(config.offsetMs);

async function connect(): Promise<RedisClient> {
  if (config.client === "ioredis") return new IoRedis(config.port, "127.0.0.1");
  return createClient({ url: `redis://127.0.0.1:${config.port}` }).connect();
}

const [lockerClient, electorClient] = await Promise.all([connect(), connect()]);
runFleetInstance(config, {
  clock,
  locker: new RedisLocker({ client: lockerClient, clock, timeoutMs: 800 }),
  elector: new RedisElector({ client: electorClient, ...config.lease, instanceId: `${config.name}-${process.pid}`, clock, timeoutMs: 800 }),
  lockJobs: ["lock-a", "lock-b"],
  leadJobs: ["lead-a", "lead-b"],
});
