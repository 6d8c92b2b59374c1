import { env as workerEnv } from "cloudflare:workers";
import { Hono } from "hono";
import type { MiddlewareHandler } from "hono";
import { handleLeaseRequest, hasBearer, HostAdminSource } from "../adapters/cloudflare/index.ts";
import type { LeaseNamespace, SchedulerHostStub } from "../adapters/cloudflare/index.ts";
import { adminApp } from "../adapters/hono/index.ts";
import type { JobView } from "../adapters/cloudflare/durable.ts";
import type { RunRecord } from "../src/index.ts";

export { LeaseObject } from "../adapters/cloudflare/durable.ts";
export { IsocronScheduler } from "./jobs.ts";

/** What the Worker asks of the scheduler host's stub (RPC): its routes' methods and the dashboard's. */
export interface SchedulerStub extends SchedulerHostStub {
  tick(now?: number): Promise<number | null>;
  listJobs(): Promise<JobView[]>;
  runJob(name: string): Promise<boolean>;
  jobHistory(name: string): Promise<RunRecord[] | null>;
  pauseJob(name: string): Promise<boolean>;
  resumeJob(name: string): Promise<boolean>;
}

/** The bindings wrangler.toml declares, plus the `API_TOKEN` and `ADMIN_TOKEN` secrets. */
export interface Env {
  readonly LEASES: LeaseNamespace;
  readonly SCHEDULER: { getByName(name: string): SchedulerStub };
  readonly API_TOKEN?: string;
  /** The dashboard's bearer token, at least 16 characters; without it /admin answers 503. */
  readonly ADMIN_TOKEN?: string;
}

/** The one scheduler host instance; more would each run every job. */
const HOST = "main";

const app = new Hono<{ Bindings: Env }>();

/**
 * Every route needs `Authorization: Bearer <API_TOKEN>` (reads too: they reveal job names,
 * schedules and run counts); without the secret set, nothing passes.
 */
const auth: MiddlewareHandler<{ Bindings: Env }> = async (c, next) => {
  if (!hasBearer(c.req.raw, c.env.API_TOKEN)) {
    return c.json({ error: "unauthorized" }, 401, { "www-authenticate": 'Bearer realm="isocron"' });
  }
  await next();
};

// A pure read: listing never ticks the host, so it runs nothing.
app.get("/jobs", auth, async (c) => c.json(await c.env.SCHEDULER.getByName(HOST).listJobs()));

/** The 404 of every job route; the name is cut to 80 characters. */
const noJob = (name: string) => ({ error: `no job named ${JSON.stringify(name.slice(0, 80))}`, code: "JobNotFound" });

app.post("/jobs/:name/run", auth, async (c) => {
  const name = c.req.param("name");
  const ran = await c.env.SCHEDULER.getByName(HOST).runJob(name);
  return ran ? c.json({ ran: name }) : c.json(noJob(name), 404);
});

// The job's last runs, newest first, kept across the host's restarts. A pure read.
app.get("/jobs/:name/history", auth, async (c) => {
  const name = c.req.param("name");
  const runs = await c.env.SCHEDULER.getByName(HOST).jobHistory(name);
  return runs === null ? c.json(noJob(name), 404) : c.json(runs);
});

app.post("/jobs/:name/pause", auth, async (c) => {
  const name = c.req.param("name");
  return (await c.env.SCHEDULER.getByName(HOST).pauseJob(name)) ? c.json({ paused: name }) : c.json(noJob(name), 404);
});

app.post("/jobs/:name/resume", auth, async (c) => {
  const name = c.req.param("name");
  return (await c.env.SCHEDULER.getByName(HOST).resumeJob(name)) ? c.json({ resumed: name }) : c.json(noJob(name), 404);
});

app.post("/lease/:op", auth, (c) => handleLeaseRequest(c.req.param("op"), c.req.raw, c.env.LEASES));

/**
 * The dashboard (isocron/hono) under /admin, its source the scheduler host: jobs, history and
 * paused states come from the Durable Object's storage, events from the runs inside it. It
 * has its own secret, ADMIN_TOKEN: that token is typed into browsers, so it opens the
 * dashboard only, never the lease routes. Built once, from the Worker's env at startup.
 */
function dashboard(env: Env): Hono {
  try {
    const source = new HostAdminSource({ namespace: env.SCHEDULER, name: HOST, onError: (error) => console.error(error.message) });
    return adminApp(source, { token: env.ADMIN_TOKEN as string, title: "isocron on Workers" });
  } catch (error) {
    // No token, or one too short: the rest of the Worker runs; /admin says what is missing.
    console.error(error instanceof Error ? error.message : String(error));
    const missing = new Hono();
    missing.all("*", (c) => c.json({ error: "the dashboard needs the ADMIN_TOKEN secret (at least 16 characters)", code: "AdminAuthMissing" }, 503));
    return missing;
  }
}

app.route("/admin", dashboard(workerEnv as unknown as Env));

export default {
  fetch: app.fetch,
  /** The Cron Trigger: drives the host's tick, which also arms its alarm after a deploy. */
  async scheduled(controller: { readonly scheduledTime: number }, env: Env): Promise<void> {
    // Awaited, so a failed tick shows as a failed invocation in the dashboard.
    await env.SCHEDULER.getByName(HOST).tick(controller.scheduledTime);
  },
};
