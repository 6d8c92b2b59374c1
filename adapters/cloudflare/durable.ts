// The Durable Object classes; this entry imports `cloudflare:workers`, so only Workers load it.
export { LeaseObject } from "./lease-object.ts";
export { SchedulerHost } from "./scheduler-host.ts";
export type { JobView } from "./scheduler-host.ts";
