import { Hono } from "hono";
import type { MiddlewareHandler } from "hono";
import { handleLeaseRequest, hasBearer } from "../adapters/cloudflare/index.ts";
import type { LeaseNamespace } from "../adapters/cloudflare/index.ts";
import type { JobView } from "../adapters/cloudflare/durable.ts";
import type { RunRecord } from "../src/index.ts";

export { LeaseObject } from "../adapters/cloudflare/durable.ts";
export { IsocronScheduler } from "./jobs.ts";

/** What the Worker asks of the scheduler host's stub (RPC). */
export interface SchedulerStub {
  tick(now?: number): Promise<number | null>;
  listJobs(): Promise<JobView[]>;
  runJob(name: string): Promise<boolean>;
  jobHistory(name: string): Promise<RunRecord[] | null>;
  pauseJob(name: string): Promise<boolean>;
  resumeJob(name: string): Promise<boolean>;
}

/** The bindings wrangler.toml declares, plus the `API_TOKEN` secret. */
export interface Env {
  readonly LEASES: LeaseNamespace;
  readonly SCHEDULER: { getByName(name: string): SchedulerStub };
  readonly API_TOKEN?: string;
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

export default {
  fetch: app.fetch,
  /** The Cron Trigger: drives the host's tick, which also arms its alarm after a deploy. */
  async scheduled(controller: { readonly scheduledTime: number }, env: Env): Promise<void> {
    // Awaited, so a failed tick shows as a failed invocation in the dashboard.
    await env.SCHEDULER.getByName(HOST).tick(controller.scheduledTime);
  },
};
