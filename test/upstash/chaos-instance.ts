/**
 * One instance of the chaos test (bundled with esbuild, run by plain Node; not a test file):
 * a Scheduler with an UpstashLocker and one with an UpstashElector, each with one every-second
 * job, on a skewed clock, talking to Upstash through the fault proxy. Every run and every skip
 * is appended to this instance's file: `run <job> <scheduled ms> <name> <real ms>` and
 * `skip <job> <scheduled ms> <name> <reason> <error code>`. SIGTERM follows the README's
 * pattern: `shutdown()`, then `elector.stop()`. Configuration: JSON in ISOCRON_CHAOS.
 */
import { appendFileSync } from "node:fs";
import { cronJob, Scheduler, SchedulerError, type Monitor } from "../../src/index.ts";
import { UpstashElector, UpstashLocker } from "../../adapters/upstash/index.ts";
import { skewedClock } from "../support/fleet.ts";

interface Config {
  name: string;
  offsetMs: number;
  url: string;
  token: string;
  out: string;
  startAt: number;
  stopAt: number;
  lockTtlMs: number;
  timeoutMs: number;
  lease: { ttlMs: number; checkMs: number; marginMs: number };
}

const config = JSON.parse(process.env.ISOCRON_CHAOS ?? "{}") as Config;
const write = (line: string) => appendFileSync(config.out, `${line}\n`);

/** The machine clock, off by offsetMs: this instance's idea of "now". */
const clock = skewedClock(config.offsetMs);

const monitor: Monitor = {
  jobSkipped(job, reason, info) {
    const code = info.error instanceof SchedulerError ? info.error.code : info.error === undefined ? "-" : "other";
    write(`skip ${job.name} ${info.scheduledAt.getTime()} ${config.name} ${reason} ${code}`);
  },
};
const connection = { url: config.url, token: config.token, timeoutMs: config.timeoutMs };
const elector = new UpstashElector({ ...connection, ...config.lease, instanceId: `${config.name}-${process.pid}`, clock });
const locked = new Scheduler({ clock, monitor, locker: new UpstashLocker({ ...connection, clock }), lockTtlMs: config.lockTtlMs });
const led = new Scheduler({ clock, monitor, elector });
const record = (job: string) => ({ scheduledAt }: { scheduledAt: Date }) => write(`run ${job} ${scheduledAt.getTime()} ${config.name} ${Date.now()}`);
const everySecond = () => cronJob("* * * * * *", { withSeconds: true });
locked.newJob(everySecond(), record("lock"), { name: "lock" });
led.newJob(everySecond(), record("lead"), { name: "lead" });

setTimeout(() => {
  locked.start();
  led.start();
}, Math.max(0, config.startAt - Date.now()));

let stopping = false;
async function stop(why: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all([locked.shutdown(), led.shutdown()]);
  await elector.stop().catch((error: unknown) => write(`stop-error ${config.name} ${String(error instanceof Error ? error.message : error)}`));
  write(`stopped ${config.name} ${Date.now()} ${why}`);
  process.exit(0);
}
process.once("SIGTERM", () => void stop("SIGTERM"));
setTimeout(() => void stop("end"), config.stopAt - Date.now());
