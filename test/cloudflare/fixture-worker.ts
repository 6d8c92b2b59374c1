// The example Worker plus what only tests need: a lease object that can drop a key, and
// routes that exercise the RPC transport from inside workerd.
import { Hono } from "hono";
import { DurableObjectElector, DurableObjectLocker, HostAdminSource } from "../../adapters/cloudflare/index.ts";
import type { SchedulerHostNamespace, SchedulerHostStub } from "../../adapters/cloudflare/index.ts";
import { adminApp } from "../../adapters/hono/index.ts";
import type { AdminEvent } from "../../adapters/hono/source.ts";
import { LeaseObject } from "../../adapters/cloudflare/durable.ts";
import { FakeClock } from "../../src/fake-clock.ts";
import worker from "../../worker/index.ts";
import type { Env } from "../../worker/index.ts";

export * from "../../worker/index.ts";
export { AdminHost, AlarmHost, OpsHost, VirtualHost } from "./fixture-hosts.ts";

interface HostStub {
  tick(now?: number): Promise<number | null>;
  log(): Promise<Array<{ job: string; scheduledAt: number }>>;
  alarmAt(): Promise<number | null>;
  listJobs(): Promise<unknown[]>;
  seed(job: string, nextRun: number): Promise<void>;
  jobHistory(name: string): Promise<unknown[] | null>;
  pauseJob(name: string): Promise<boolean>;
  resumeJob(name: string): Promise<boolean>;
  legacy(): Promise<unknown>;
  watchWrites(): Promise<void>;
  writes(): Promise<string[]>;
  damage(job: string): Promise<void>;
  adminJobs(): Promise<unknown[]>;
  adminJob(name: string): Promise<unknown>;
  adminRun(name: string): Promise<boolean>;
  streams(): Promise<number>;
}
type TestEnv = Env & Record<string, { getByName(name: string): HostStub }>;

/**
 * `/test/host/<binding>/<name>/<tick|log|alarm|list|seed|history|admin-jobs|admin-job|admin-run|streams|pause|resume|legacy|watch|writes|damage>[?now=ms][&job=name&next=ms]`:
 * drives a test host directly.
 */
async function host(env: TestEnv, url: URL): Promise<Response> {
  const [, , , binding = "", name = "", op] = url.pathname.split("/");
  const stub = env[binding]!.getByName(name);
  if (op === "tick") {
    const now = url.searchParams.get("now");
    return Response.json({ next: await stub.tick(now === null ? undefined : Number(now)) });
  }
  if (op === "log") return Response.json(await stub.log());
  if (op === "list") return Response.json(await stub.listJobs());
  const job = url.searchParams.get("job") ?? "";
  if (op === "history") return Response.json(await stub.jobHistory(job));
  if (op === "streams") return Response.json(await stub.streams());
  if (op === "admin-jobs") return Response.json(await stub.adminJobs());
  if (op === "admin-job") return Response.json(await stub.adminJob(job));
  if (op === "admin-run") return Response.json(await stub.adminRun(job));
  if (op === "pause") return Response.json(await stub.pauseJob(job));
  if (op === "resume") return Response.json(await stub.resumeJob(job));
  if (op === "legacy") return Response.json(await stub.legacy());
  if (op === "watch") return Response.json((await stub.watchWrites()) ?? null);
  if (op === "writes") return Response.json(await stub.writes());
  if (op === "damage") return Response.json((await stub.damage(job)) ?? null);
  if (op === "seed") return Response.json(await stub.seed(url.searchParams.get("job") ?? "", Number(url.searchParams.get("next"))) ?? null);
  return Response.json({ alarm: await stub.alarmAt() });
}

export class TestLeaseObject extends LeaseObject {
  /** Removes a lease as if its TTL had ended (the contract suite's `drop`). */
  drop(name: string): void {
    this.ctx.storage.sql.exec("DELETE FROM isocron_leases WHERE name = ?", name);
  }

  /** The stored holder of a lease, or null when there is none (what an operator would see). */
  peek(name: string): string | null {
    const rows = this.ctx.storage.sql.exec<{ holder: string }>("SELECT holder FROM isocron_leases WHERE name = ?", name).toArray();
    return rows[0]?.holder ?? null;
  }

  /**
   * Calls a lease method as if the object's clock read `now`, so tests can pin exact instants.
   * The lease methods are synchronous, so nothing else runs while Date.now is swapped.
   */
  at(now: number, op: "acquire" | "renew" | "release", ...args: unknown[]): unknown {
    const realNow = Date.now;
    Date.now = () => now;
    try {
      return (this[op] as (...a: unknown[]) => unknown)(...args);
    } finally {
      Date.now = realNow;
    }
  }
}

const GRACE_MS = 1_500;

async function rpcElect(env: Env, name: string, n: number): Promise<unknown> {
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const electors = Array.from({ length: n }, (_, i) =>
    new DurableObjectElector({ namespace: env.LEASES, name, instanceId: `rpc-${i}`, ttlMs: 30_000, marginMs: GRACE_MS, timeoutMs: 10_000, clock }));
  const first = await Promise.all(electors.map((e) => e.isLeader()));
  const leader = first.indexOf(true);
  await electors[leader]?.stop();
  const stoppedAt = Date.now();
  // The released lease lasts marginMs more (real time in the object): nobody takes it yet.
  await clock.advance(GRACE_MS);
  const during = await Promise.all(electors.map((e) => e.isLeader()));
  const duringElapsed = Date.now() - stoppedAt;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, GRACE_MS + 50 - (Date.now() - stoppedAt))));
  await clock.advance(GRACE_MS);
  const second = await Promise.all(electors.map((e) => e.isLeader()));
  await Promise.all(electors.map((e) => e.stop()));
  return { first, during, duringElapsed, second };
}

async function rpcLock(env: Env, key: string, n: number): Promise<unknown> {
  const lockers = Array.from({ length: n }, () => new DurableObjectLocker({ namespace: env.LEASES, name: "rpc-locks" }));
  // Every instance names the same holder: the lock must still go to one of them only.
  const locks = await Promise.all(lockers.map((l) => l.lock(key, { ttlMs: 30_000, holder: "rpc-node" })));
  const won = locks.filter((lock) => lock !== null);
  await Promise.all(won.map((lock) => lock?.unlock()));
  const again = await lockers[0]?.lock(key, { ttlMs: 30_000, holder: "rpc-node" });
  const holder = await (env.LEASES.getByName("rpc-locks") as unknown as { peek(name: string): Promise<string | null> }).peek(key);
  return { winners: won.length, fence: won[0]?.fencingToken, takenAfterUnlock: again === null, holder };
}

/** Calls the lease object over RPC with missing or hostile arguments, as a careless caller could. */
async function rpcHostile(env: Env): Promise<unknown> {
  const stub = env.LEASES.getByName("rpc-hostile") as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const attempts: Array<[string, unknown[]]> = [
    ["acquire", ["n", "h"]],
    ["acquire", ["n", "h", null]],
    ["acquire", ["n", "h", Number.NaN]],
    ["renew", ["n", "h"]],
    ["acquire", [42, "h", 1000]],
    ["release", ["n"]],
    ["release", ["n", "h", -1]],
    ["release", ["n", "h", "500"]],
    ["release", ["n", "h", Number.POSITIVE_INFINITY]],
  ];
  const errors: Array<string | null> = [];
  for (const [op, args] of attempts) {
    try {
      await stub[op]!(...args);
      errors.push(null);
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
  }
  // Nothing was stored: the first valid caller gets the first fencing token.
  return { errors, after: await stub.acquire!("n", "other", 1000) };
}

/**
 * `/test/source/<binding>/<name>?run=<job>&events=<n>`: subscribes to the host's events
 * through HostAdminSource, starts a run of `job` once the stream is open, and answers the
 * first `n` events (or what came within 5 s) and the errors heard.
 */
async function sourceEvents(env: TestEnv, url: URL): Promise<Response> {
  const [, , , binding = "", name = ""] = url.pathname.split("/");
  const host = env[binding]!.getByName(name) as unknown as SchedulerHostStub & { streams(): Promise<number> };
  const errors: string[] = [];
  const namespace = env[binding] as unknown as SchedulerHostNamespace;
  const source = new HostAdminSource({ namespace, name, onError: (e) => void errors.push(e.message) });
  const want = Number(url.searchParams.get("events") ?? "1");
  const events: AdminEvent[] = [];
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  const stop = source.subscribe((event) => {
    events.push(event);
    if (events.length >= want) done();
  });
  const deadline = Date.now() + 5_000;
  while ((await host.streams()) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const job = url.searchParams.get("run");
  const ran = job === null ? null : await source.runJob(job);
  await Promise.race([all, new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())))]);
  stop();
  return Response.json({ ran, events, errors });
}

/**
 * `/test/events/<binding>/<name>?since=&instance=&seq=&ms=&lines=<n>&streams=<k>`: opens `k`
 * (default 1) event streams of the host over RPC with those arguments (each refusal's message
 * kept), reads up to `n` lines of the first (all when it ends sooner), then cancels what is
 * left open and ends it by id in the host, and answers the lines, whether the first ended by
 * itself, the refusals, and how many streams the host had open before and after.
 */
async function hostEvents(env: TestEnv, url: URL): Promise<Response> {
  const [, , , binding = "", name = ""] = url.pathname.split("/");
  const host = env[binding]!.getByName(name) as unknown as SchedulerHostStub & { streams(): Promise<number> };
  const q = url.searchParams;
  const num = (key: string): number | undefined => (q.has(key) ? Number(q.get(key)) : undefined);
  const cursor = JSON.parse(q.get("cursor") ?? "null") ?? { since: num("since"), instance: q.get("instance") ?? undefined, seq: num("seq") };
  const opened: ReadableStream<Uint8Array>[] = [];
  const refused: string[] = [];
  const ids = Array.from({ length: num("streams") ?? 1 }, (_, i) => q.get("id") ?? `stream-${i}`);
  for (const id of ids) {
    try {
      opened.push(await host.adminEvents(cursor, JSON.parse(q.get("ms") ?? "5000"), id));
    } catch (error) {
      refused.push((error as Error).message);
    }
  }
  const lines: unknown[] = [];
  let ended = false;
  const first = opened[0]?.getReader();
  if (first !== undefined) {
    const decoder = new TextDecoder();
    let text = "";
    while (lines.length < (num("lines") ?? 0)) {
      const { done, value } = await first.read();
      if (done) {
        ended = true;
        break;
      }
      text += decoder.decode(value, { stream: true });
      const parts = text.split("\n");
      text = parts.pop() ?? "";
      lines.push(...parts.map((part) => JSON.parse(part)));
    }
  }
  const before = await host.streams();
  await Promise.all([first?.cancel(), ...opened.slice(1).map((s) => s.cancel())]);
  // workerd does not pass the cancel of an idle stream back to the host: HostAdminSource ends
  // it by id, as this does.
  const ends = await Promise.all(ids.map((id) => host.adminEventsEnd(id)));
  let after = await host.streams();
  for (let i = 0; i < 100 && after > 0; i++) {
    await new Promise((r) => setTimeout(r, 10));
    after = await host.streams();
  }
  return Response.json({ lines, ended, refused, before, after, ends });
}

/**
 * `/test/admin/...`: the example's dashboard (the same host "main", the same ADMIN_TOKEN) with
 * `keepAliveMs: 1000`, so a test sees workerd notice a gone client within a second, not 15.
 */
let quickAdmin: Hono | undefined;
function quickDashboard(env: Env): Hono {
  quickAdmin ??= new Hono().route("/test/admin", adminApp(new HostAdminSource({ namespace: env.SCHEDULER, name: "main" }), {
    token: env.ADMIN_TOKEN as string,
    keepAliveMs: 1_000,
  }));
  return quickAdmin;
}

export default {
  ...worker,
  async fetch(request: Request, env: Env, ctx: unknown): Promise<Response> {
    const url = new URL(request.url);
    const name = url.searchParams.get("name") ?? "";
    const n = Number(url.searchParams.get("n") ?? "1");
    if (url.pathname === "/test/rpc-elect") return Response.json(await rpcElect(env, name, n));
    if (url.pathname === "/test/rpc-lock") return Response.json(await rpcLock(env, name, n));
    if (url.pathname === "/test/rpc-hostile") return Response.json(await rpcHostile(env));
    if (url.pathname.startsWith("/test/host/")) return host(env as TestEnv, url);
    if (url.pathname.startsWith("/test/source/")) return sourceEvents(env as TestEnv, url);
    if (url.pathname.startsWith("/test/events/")) return hostEvents(env as TestEnv, url);
    if (url.pathname.startsWith("/test/admin/")) return quickDashboard(env).fetch(request, env, ctx as never);
    return worker.fetch(request, env, ctx as never);
  },
};
