// Client side of isocron on Cloudflare: importable from any runtime, no `cloudflare:workers`.
// The Durable Object classes are in "./durable.ts" (entry `isocron/cloudflare/durable`).
export { DurableObjectElector } from "./elector.ts";
export type { DurableObjectElectorOptions } from "./elector.ts";
export { DurableObjectLocker } from "./locker.ts";
export type { DurableObjectLockerOptions } from "./locker.ts";
export { handleLeaseRequest } from "./lease-routes.ts";
export type { LeaseOp, LeaseRequestBody } from "./lease-protocol.ts";
export { hasBearer } from "./auth.ts";
export type { LeaseConnection, LeaseNamespace, LeaseResult, LeaseStub } from "./types.ts";
export { DurableObjectStateStore } from "./state-store.ts";
export { HostAdminSource } from "./host-admin-source.ts";
export type { HostAdminSourceOptions, SchedulerHostNamespace, SchedulerHostStub } from "./host-admin-source.ts";
export type { EventCursor } from "./host-events.ts";
