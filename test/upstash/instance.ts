/**
 * One scheduler instance for the multi-process test (bundled with esbuild and run by plain
 * Node; not a test file). It hosts two schedulers on one skewed clock: one coordinated by an
 * UpstashLocker (jobs lock-a, lock-b), one by an UpstashElector (jobs lead-a, lead-b), every
 * job firing every second. Each run is recorded in Redis through a third client:
 * `INCR runs:<job>@<scheduled ms>` and `RPUSH who:<job>@<scheduled ms> <name>|<real ms>`.
 * Configuration comes as JSON in the ISOCRON_INSTANCE environment variable.
 */
import { Redis } from "@upstash/redis";
import { cronJob, Scheduler } from "../../src/index.ts";
import { UpstashElector, UpstashLocker } from "../../adapters/upstash/index.ts";
import { skewedClock } from "../support/fleet.ts";

interface Config {
  name: string;
  offsetMs: number;
  url: string;
  lockerToken: string;
  electorToken: string;
  recorderToken: string;
  startAt: number;
  stopAt: number;
  lockTtlMs: number;
  lease: { ttlMs: number; checkMs: number; marginMs: number };
}

const config = JSON.parse(process.env.ISOCRON_INSTANCE ?? "{}") as Config;
const client = (token: string) => new Redis({ url: config.url, token, enableTelemetry: false });

/** The machine clock, off by offsetMs: this instance's idea of "now". */
const clock = skewedClock(config.offsetMs);

const recorder = client(config.recorderToken);
const record = (job: string) => async ({ scheduledAt }: { scheduledAt: Date }) => {
  const occurrence = `${job}@${scheduledAt.getTime()}`;
  await Promise.all([recorder.incr(`runs:${occurrence}`), recorder.rpush(`who:${occurrence}`, `${config.name}|${Date.now()}`)]);
};

const elector = new UpstashElector({
  redis: client(config.electorToken),
  instanceId: `${config.name}-${process.pid}`,
  ...config.lease,
});
const locked = new Scheduler({ clock, locker: new UpstashLocker({ redis: client(config.lockerToken) }), lockTtlMs: config.lockTtlMs });
const led = new Scheduler({ clock, elector });
const everySecond = () => cronJob("* * * * * *", { withSeconds: true });
for (const job of ["lock-a", "lock-b"]) locked.newJob(everySecond(), record(job), { name: job });
for (const job of ["lead-a", "lead-b"]) led.newJob(everySecond(), record(job), { name: job });

setTimeout(() => {
  locked.start();
  led.start();
  console.log(`${config.name} started (pid ${process.pid}, clock offset ${config.offsetMs} ms)`);
}, Math.max(0, config.startAt - Date.now()));

setTimeout(async () => {
  await Promise.all([locked.shutdown(), led.shutdown()]);
  await elector.stop().catch(() => undefined);
  console.log(`${config.name} stopped`);
  process.exit(0);
}, config.stopAt - Date.now());
