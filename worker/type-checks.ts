// Compile-time only: the real binding types from @cloudflare/workers-types fit the structural
// types isocron/cloudflare declares. Checked by `tsc -p worker/tsconfig.json`; never bundled.
import { DurableObjectElector, DurableObjectLocker, HostAdminSource } from "../adapters/cloudflare/index.ts";
import type { LeaseNamespace } from "../adapters/cloudflare/index.ts";
import type { LeaseObject } from "../adapters/cloudflare/durable.ts";
import type { IsocronScheduler } from "./jobs.ts";
import type { SchedulerStub } from "./index.ts";

export function checkBindings(
  leases: DurableObjectNamespace<LeaseObject>,
  hosts: DurableObjectNamespace<IsocronScheduler>,
  service: Fetcher,
): void {
  const namespace: LeaseNamespace = leases;
  const stub: SchedulerStub = hosts.getByName("main");
  new DurableObjectElector({ namespace, name: "leader", ttlMs: 30_000, timeoutMs: 3_000 });
  new DurableObjectLocker({ namespace: leases, timeoutMs: 2_000 });
  new DurableObjectLocker({ url: "http://isocron.internal:8787", token: "t", allowInsecure: true });
  new DurableObjectElector({ url: "https://isocron.example", token: "t", name: "leader", fetch: (url, init) => service.fetch(url, init) });
  new HostAdminSource({ namespace: hosts, name: "main", timeoutMs: 5_000 });
  void stub;
}
