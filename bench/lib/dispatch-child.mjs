// One process of bench/instructions.mjs: W1's dispatch on a manual clock, `batches` batches of
// `jobs` every-second cron jobs, each task reading scheduledAt as W1's do. No output.
//   node bench/lib/dispatch-child.mjs <bundle.mjs> <historySize | -> <batches> [jobs]
import { pathToFileURL } from "node:url";

const [bundle, history, batches, jobs = "10000"] = process.argv.slice(2);
const { Scheduler, cronJob } = await import(pathToFileURL(bundle).href);
let now = Date.UTC(2026, 0, 1);
let fire = null;
const clock = { now: () => now, setTimer: (f) => ((fire = f), 1), clearTimer: () => void (fire = null) };
// "-": the version has no historySize option (before the operations layer).
const scheduler = new Scheduler(history === "-" ? { clock, timeZone: "UTC" } : { clock, timeZone: "UTC", historySize: Number(history) });
const seen = new Float64Array(Number(jobs));
for (let i = 0; i < seen.length; i++) scheduler.newJob(cronJob("* * * * * *", { withSeconds: true }), (c) => void (seen[i] = c.scheduledAt.getTime()));
scheduler.start();
for (let b = 0; b < Number(batches); b++) {
  now += 1000;
  const f = fire;
  fire = null;
  f();
}
