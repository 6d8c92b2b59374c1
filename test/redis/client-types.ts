// Compile-only (tsc -p tsconfig.json, npm run typecheck): the real clients' own types fit
// RedisLocker/RedisElector's structural `client` option, with no cast and no Redis package
// imported by isocron itself; something that is not a client does not.
import { Redis as IoRedis, Cluster } from "ioredis";
import { createClient, createCluster } from "redis";
import { RedisElector, RedisLocker } from "../../adapters/redis/index.ts";
const a = createClient();
new RedisLocker({ client: a });
new RedisLocker({ client: new IoRedis() });
new RedisElector({ client: new Cluster([]) });
new RedisElector({ client: createCluster({ rootNodes: [] }) });
// @ts-expect-error not a client
new RedisLocker({ client: { get() {} } });
