// A consumer of the entries that talk over fetch ("isocron/upstash", "isocron/cloudflare"):
// checked in the cells whose project has a fetch API's types (DOM, @types/node or the Workers
// types). @upstash/redis's own declarations need them too.
import { Scheduler, type Elector, type Locker } from "isocron";
import { UpstashElector, UpstashLocker, type UpstashRedis } from "isocron/upstash";
import { Redis } from "@upstash/redis";
import { DurableObjectElector, DurableObjectLocker, handleLeaseRequest, hasBearer, type LeaseNamespace } from "isocron/cloudflare";

declare const redis: UpstashRedis;
declare const leases: LeaseNamespace;

export async function main(): Promise<void> {
  const locker: Locker = new UpstashLocker({ redis, ttlMs: 30_000 });
  // The package's own client fits the structural UpstashRedis; the url + token form needs none.
  const viaClient: Locker = new UpstashLocker({ redis: new Redis({ url: "https://example.upstash.io", token: "t" }) });
  const viaRest: Locker = new UpstashLocker({ url: "https://example.upstash.io", token: "t" });
  await using elector = new UpstashElector({ redis, key: "isocron:leader" });
  await using scheduler = new Scheduler({ elector, locker });
  const controller = new AbortController();
  const leader: boolean = await elector.isLeader(controller.signal);
  const lock = await locker.lock("job", { ttlMs: 1_000, signal: controller.signal });
  await lock?.unlock();

  await using durableElector = new DurableObjectElector({ namespace: leases, name: "leader" });
  const overHttp: Elector = new DurableObjectElector({ url: new URL("https://example.com"), token: "t", name: "leader" });
  const durableLocker: Locker = new DurableObjectLocker({ url: "https://example.com", token: "t" });
  void [viaClient, viaRest, leader, scheduler, durableElector, overHttp, durableLocker];
}

export async function route(request: Request): Promise<Response> {
  if (!hasBearer(request, "secret")) return new Response(null, { status: 401 });
  return handleLeaseRequest("acquire", request, leases);
}
