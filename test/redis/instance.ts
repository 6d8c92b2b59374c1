/**
 * One instance of the Redis multi-process test (bundled by test/support/fleet.ts, run by plain
 * Node; not a test file): a Scheduler with a RedisLocker (jobs lock-a, lock-b) and one with a
 * RedisElector (jobs lead-a, lead-b), every job every second, on a skewed clock, talking TCP to
 * one redis-server through node-redis or ioredis. Each run and skip is a line in its file.
 */
import { appendFileSync } from "node:fs";
import { Redis as IoRedis } from "ioredis";
import { createClient } from "redis";
import { RedisElector, RedisLocker, type RedisClient } from "../../adapters/redis/index.ts";
import { cronJob, Scheduler, SchedulerError, type Monitor } from "../../src/index.ts";
import { skewedClock } from "../support/fleet.ts";

interface Config {
  name: string;
  out: string;
  offsetMs: number;
  client: "node-redis" | "ioredis";
  port: number;
  startAt: number;
  stopAt: number;
  lockTtlMs: number;
  lease: { ttlMs: number; checkMs: number; marginMs: number };
}

const config = JSON.parse(process.env.ISOCRON_FLEET ?? "{}") as Config;
const write = (line: string) => appendFileSync(config.out, `${line}\n`);
const clock = skewedClock(config.offsetMs);

async function connect(): Promise<RedisClient> {
  if (config.client === "ioredis") return new IoRedis(config.port, "127.0.0.1");
  return createClient({ url: `redis://127.0.0.1:${config.port}` }).connect();
}

const monitor: Monitor = {
  jobSkipped(job, reason, info) {
    const code = info.error instanceof SchedulerError ? info.error.code : "-";
    write(`skip ${job.name} ${info.scheduledAt.getTime()} ${config.name} ${reason} ${code}`);
  },
};
const [lockerClient, electorClient] = await Promise.all([connect(), connect()]);
const elector = new RedisElector({ client: electorClient, ...config.lease, instanceId: `${config.name}-${process.pid}`, clock, timeoutMs: 800 });
const locked = new Scheduler({ clock, monitor, locker: new RedisLocker({ client: lockerClient, clock, timeoutMs: 800 }), lockTtlMs: config.lockTtlMs });
const led = new Scheduler({ clock, monitor, elector });
const record = (job: string) => ({ scheduledAt }: { scheduledAt: Date }) => write(`run ${job} ${scheduledAt.getTime()} ${config.name} ${Date.now()}`);
const everySecond = () => cronJob("* * * * * *", { withSeconds: true });
for (const job of ["lock-a", "lock-b"]) locked.newJob(everySecond(), record(job), { name: job });
for (const job of ["lead-a", "lead-b"]) led.newJob(everySecond(), record(job), { name: job });

setTimeout(() => {
  locked.start();
  led.start();
}, Math.max(0, config.startAt - Date.now()));

setTimeout(async () => {
  await Promise.all([locked.shutdown(), led.shutdown()]);
  await elector.stop().catch(() => undefined);
  process.exit(0);
}, config.stopAt - Date.now());
