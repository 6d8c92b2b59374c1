// docs/admin.md, "Other runtimes": the dashboard served by Bun. Run it with
//   ISOCRON_TOKEN=<at least 16 characters> bun bun.mjs
// and open http://127.0.0.1:8080/#token=<the token>. The conformance suite runs this file.
import { durationJob, Scheduler } from "isocron";
import { adminApp } from "isocron/hono";

export const scheduler = new Scheduler();
scheduler.newJob(durationJob(60 * 60_000), () => console.log("hourly report"), { name: "report", tags: ["reports"] });
scheduler.start();

const app = adminApp(scheduler, { token: Bun.env.ISOCRON_TOKEN });
// idleTimeout 0: Bun closes a connection idle for 10 s by default, which would cut the
// event stream between its keep-alives.
export const server = Bun.serve({ hostname: "127.0.0.1", port: Number(Bun.env.PORT ?? 8080), idleTimeout: 0, fetch: app.fetch });
console.log(`isocron dashboard: http://${server.hostname}:${server.port}/`);
