export { UpstashLocker, type UpstashLockerOptions } from "./locker.ts";
export { UpstashElector, type UpstashElectorOptions } from "./elector.ts";
export type { UpstashConnection, UpstashRedis } from "./options.ts";
