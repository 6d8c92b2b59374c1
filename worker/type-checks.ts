// Compile-time only: the real binding types from @cloudflare/workers-types fit the structural
// types isocron/cloudflare declares. Checked by `tsc -p worker/tsconfig.json`; never bundled.
import { DurableObjectElector, DurableObjectLocker } from "../adapters/cloudflare/index.ts";
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
  new DurableObjectElector({ namespace, name: "leader" });
  new DurableObjectLocker({ namespace: leases });
  new DurableObjectElector({ url: "https://isocron.example", token: "t", name: "leader", fetch: (url, init) => service.fetch(url, init) });
  void stub;
}
