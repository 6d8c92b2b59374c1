// Compile-only (never run; checked by client-types.test.ts with tsconfig.client-types.json):
// the real clients' own types fit RedisLocker/RedisElector's structural `client` option with
// no cast, though isocron imports no Redis package; something that is not a client does not.
import { Cluster, Redis as IoRedis } from "ioredis";
import { createClient, createCluster } from "redis";
import { RedisElector, RedisLocker } from "../../adapters/redis/index.ts";

export function clients(): unknown[] {
  return [
    new RedisLocker({ client: createClient() }),
    new RedisLocker({ client: new IoRedis() }),
    new RedisElector({ client: new Cluster([]) }),
    new RedisElector({ client: createCluster({ rootNodes: [] }) }),
    // @ts-expect-error: not a client
    new RedisLocker({ client: { get: async () => null } }),
  ];
}
