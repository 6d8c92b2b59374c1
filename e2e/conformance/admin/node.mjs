// The dashboard served by Node (@hono/node-server), as docs/admin.md shows it. Run it with
//   ISOCRON_TOKEN=<at least 16 characters> node node.mjs
// and open http://127.0.0.1:8080/#token=<the token>. The conformance suite runs this file.
import { serve } from "@hono/node-server";
import { durationJob, Scheduler } from "isocron";
import { adminApp } from "isocron/hono";

export const scheduler = new Scheduler();
scheduler.newJob(durationJob(60 * 60_000), () => console.log("hourly report"), { name: "report", tags: ["reports"] });
scheduler.start();

const app = adminApp(scheduler, { token: process.env.ISOCRON_TOKEN });
export const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: Number(process.env.PORT ?? 8080) }, ({ address, port }) => {
  console.log(`isocron dashboard: http://${address}:${port}/`);
});
