export { UpstashLocker, type UpstashLockerOptions } from "./locker.ts";
export { UpstashElector, type UpstashElectorOptions } from "./elector.ts";
export type { UpstashRedis } from "./options.ts";
