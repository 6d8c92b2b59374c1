export { RedisLocker, type RedisLockerOptions } from "./locker.ts";
export { RedisElector, type RedisElectorOptions } from "./elector.ts";
export type { BunRedisClient, IoRedisClient, NodeRedisClient, NodeRedisCluster, RedisClient, RedisConnection, SendCommand } from "./client.ts";
