// docs/admin.md, "Other runtimes": the dashboard served by Deno. Run it with
//   ISOCRON_TOKEN=<at least 16 characters> deno run --allow-net --allow-env deno.mjs
// and open http://127.0.0.1:8080/#token=<the token>. The conformance suite runs this file.
import { durationJob, Scheduler } from "isocron";
import { adminApp } from "isocron/hono";

export const scheduler = new Scheduler();
scheduler.newJob(durationJob(60 * 60_000), () => console.log("hourly report"), { name: "report", tags: ["reports"] });
scheduler.start();

const app = adminApp(scheduler, { token: Deno.env.get("ISOCRON_TOKEN") });
export const server = Deno.serve({
  hostname: "127.0.0.1",
  port: Number(Deno.env.get("PORT") ?? 8080),
  onListen: ({ hostname, port }) => console.log(`isocron dashboard: http://${hostname}:${port}/`),
}, app.fetch);
