// A Worker project's use of "isocron/cloudflare/durable": the Durable Object classes, which
// extend `DurableObject` from `cloudflare:workers`, so only a project with the Workers types
// (@cloudflare/workers-types or `wrangler types`) can check them. Part of the "workers" cells
// of test/types/run.mjs.
import { cronJob, type Scheduler } from "isocron";
import { DurableObjectElector } from "isocron/cloudflare";
import { LeaseObject, SchedulerHost, type JobView } from "isocron/cloudflare/durable";

interface Env {
  readonly LEASES: DurableObjectNamespace<LeaseObject>;
  readonly SCHEDULER: DurableObjectNamespace<Host>;
}

export class Host extends SchedulerHost<Env> {
  protected defineJobs(scheduler: Scheduler): void {
    scheduler.newJob(cronJob("*/5 * * * *"), () => undefined, { name: "sweep" });
  }
}

export { LeaseObject };

export default {
  async fetch(_request: Request, env: Env): Promise<Response> {
    const jobs: JobView[] = await env.SCHEDULER.getByName("main").listJobs();
    await using elector = new DurableObjectElector({ namespace: env.LEASES, name: "leader" });
    return Response.json({ jobs: jobs.length, leader: await elector.isLeader() });
  },
  async scheduled(controller: ScheduledController, env: Env): Promise<void> {
    await env.SCHEDULER.getByName("main").tick(controller.scheduledTime);
  },
} satisfies ExportedHandler<Env>;
