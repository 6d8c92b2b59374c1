// The isocron demo: a scheduler with a handful of real jobs, in memory, no external service,
// and its dashboard (isocron/hono) on http://127.0.0.1:8080/ behind a fresh token.
// `npm start` runs it until Ctrl-C; `npm start -- --seconds 10` stops by itself;
// `--port N` serves elsewhere (`--port 0`: any free port).
import { serve } from "@hono/node-server";
import {
  Scheduler, atTime, cronJob, dailyJob, durationJob, oneTimeJob, weeklyJob, type Job,
} from "../src/index.ts";
import { adminApp, describeSchedule } from "../adapters/hono/index.ts";

declare const process: { argv: string[]; on(event: string, fn: () => void): void; exitCode?: number };

/** The number after `flag`, or `fallback` when the flag is absent. */
function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}
const seconds = flag("--seconds", Number.POSITIVE_INFINITY);
if (!(seconds > 0)) throw new Error(`--seconds needs a positive number, got ${process.argv[process.argv.indexOf("--seconds") + 1]}`);
const port = flag("--port", 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  throw new Error(`--port needs a whole number from 0 to 65535, got ${process.argv[process.argv.indexOf("--port") + 1]}`);
}

const time = (d: Date | null): string => {
  if (d === null) return "none";
  const clock = `${d.toTimeString().slice(0, 8)}.${String(d.getMilliseconds()).padStart(3, "0")}`;
  return d.toDateString() === new Date().toDateString() ? clock : `${d.toDateString().slice(0, 10)} ${clock}`;
};
const say = (line: string): void => console.log(`[${time(new Date())}] ${line}`);
const next = (job: Job): string => `next ${time(job.nextRun())}`;

const scheduler = new Scheduler({
  monitor: {
    jobStarted: (job, info) => say(`▶ ${job.name.padEnd(10)} due ${time(info.scheduledAt)} (+${info.delayMs} ms)  ${next(job)}`),
    jobCompleted: (job, r) => say(`✔ ${job.name.padEnd(10)} took ${r.durationMs} ms`),
    jobFailed: (job, error) => say(`✘ ${job.name.padEnd(10)} failed: ${(error as Error).message}`),
    jobSkipped: (job, reason, info) => say(`↷ ${job.name.padEnd(10)} skipped ${time(info.scheduledAt)}: ${reason}  ${next(job)}`),
    jobUnregistered: (job) => say(`■ ${job.name.padEnd(10)} removed`),
  },
});

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => { clearTimeout(timer); resolve(); }, { once: true });
  });

// A wall-clock time a few seconds from now, so the daily job fires during a short demo.
const soon = new Date(Date.now() + 7_000);
let polls = 0;

scheduler.newJob(cronJob("*/5 * * * * *", { withSeconds: true }), () => {}, { name: "heartbeat", tags: ["ops"] });
scheduler.newJob(durationJob(3_000), () => {
  if (++polls % 4 === 0) throw new Error(`poll #${polls} found the upstream down (it recovers)`);
}, { name: "poll", tags: ["net"] });
scheduler.newJob(dailyJob(1, [atTime(soon.getHours(), soon.getMinutes(), soon.getSeconds())]), () => {}, { name: "daily" });
scheduler.newJob(weeklyJob(1, [1], [atTime(9, 0)]), () => {}, { name: "weekly", tags: ["mail"] });
scheduler.newJob(oneTimeJob(new Date(Date.now() + 4_000)), () => {}, { name: "one-time" });
scheduler.newJob(durationJob(2_000), ({ signal }) => sleep(3_500, signal), { name: "singleton", singletonMode: "reschedule" });

scheduler.start();
say(`isocron demo: ${scheduler.jobs().length} jobs in ${Intl.DateTimeFormat().resolvedOptions().timeZone}` +
  (Number.isFinite(seconds) ? `, stopping after ${seconds} s` : ", Ctrl-C stops"));
for (const job of scheduler.jobs()) {
  say(`  ${job.name.padEnd(10)} ${describeSchedule(job.schedule).padEnd(28)}  next ${job.nextRuns(2).map(time).join(", ")}`);
}

// The dashboard: a fresh token each start (192 random bits), on the loopback interface only.
const token = base64url(crypto.getRandomValues(new Uint8Array(24)));
const server = serve({ fetch: adminApp(scheduler, { token, title: "isocron demo" }).fetch, hostname: "127.0.0.1", port }, (info) => {
  say(`dashboard: http://127.0.0.1:${info.port}/  token: ${token}`);
  say(`open: http://127.0.0.1:${info.port}/#token=${token}`);
});
server.on("error", (error: Error) => {
  say(`dashboard: cannot listen on 127.0.0.1:${port}: ${error.message} (try --port 0)`);
  process.exitCode = 1;
  void stop();
});

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

let stopping = false;
let timer: ReturnType<typeof setTimeout> | undefined;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  clearTimeout(timer);
  say("shutting down: aborting running tasks, waiting for them to finish");
  await scheduler.shutdown();
  // Open dashboards hold an event stream each: close them too, or the process would stay.
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    (server as { closeAllConnections?: () => void }).closeAllConnections?.();
  });
  say("bye");
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
if (Number.isFinite(seconds)) timer = setTimeout(() => void stop(), seconds * 1000);
