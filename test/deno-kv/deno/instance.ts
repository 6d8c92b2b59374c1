/**
 * One scheduler instance for the Deno KV multi-process test (run by real Deno, spawned by
 * test/deno-kv/multiprocess.test.ts; not a test file). It opens the shared KV file and hosts
 * two schedulers on one skewed clock: one coordinated by a DenoKvLocker (jobs lock-a, lock-b),
 * one by a DenoKvElector (jobs lead-a, lead-b), every job firing every second. Each run is
 * printed as `RUN <job> <scheduled ms> <name> <real ms>` on stdout, which the test collects, and
 * at the end what the scheduler asked of the locker: `CALLS <name> <lock()s> <lockMany()s> <keys>`.
 * Configuration comes as JSON in the ISOCRON_INSTANCE environment variable.
 */
import { cronJob, Scheduler, type Clock, type LockOptions } from "../../../src/index.ts";
import { DenoKvElector, DenoKvLocker } from "../../../adapters/deno-kv/index.ts";

interface Config {
  name: string;
  offsetMs: number;
  path: string;
  startAt: number;
  stopAt: number;
  lockTtlMs: number;
  lease: { ttlMs: number; checkMs: number; marginMs: number };
}

const config = JSON.parse(Deno.env.get("ISOCRON_INSTANCE") ?? "{}") as Config;
const kv = await Deno.openKv(config.path);

/** The machine clock, off by offsetMs: this instance's idea of "now". */
const clock: Clock = {
  now: () => Date.now() + config.offsetMs,
  setTimer: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimer: (handle) => clearTimeout(handle as number),
};

const record = (job: string) => ({ scheduledAt }: { scheduledAt: Date }) => {
  console.log(`RUN ${job} ${scheduledAt.getTime()} ${config.name} ${Date.now()}`);
};

const elector = new DenoKvElector({ kv, key: ["mp", "leader"], instanceId: config.name, clock, ...config.lease });
// The locker, counting what the scheduler asks of it (printed at the end as CALLS).
const inner = new DenoKvLocker({ kv, prefix: ["mp", "lock"], clock });
const calls = { lock: 0, lockMany: 0, keys: 0 };
const locker = {
  lock: (key: string, options: LockOptions) => {
    calls.lock += 1;
    calls.keys += 1;
    return inner.lock(key, options);
  },
  lockMany: (keys: string[], options: LockOptions) => {
    calls.lockMany += 1;
    calls.keys += keys.length;
    return inner.lockMany(keys, options);
  },
};
const locked = new Scheduler({ clock, locker, lockTtlMs: config.lockTtlMs });
const led = new Scheduler({ clock, elector });
const everySecond = () => cronJob("* * * * * *", { withSeconds: true });
// A locker or elector that could not be asked skips the run: say so, so a miss is explained.
const on = { afterLockError: (job: { name: string }, error: unknown) => console.error(`LOCKERROR ${job.name} ${String(error)}`) };
for (const job of ["lock-a", "lock-b"]) locked.newJob(everySecond(), record(job), { name: job, on });
for (const job of ["lead-a", "lead-b"]) led.newJob(everySecond(), record(job), { name: job, on });

setTimeout(() => {
  locked.start();
  led.start();
  console.log(`STARTED ${config.name} ${Deno.pid}`);
}, Math.max(0, config.startAt - Date.now()));

setTimeout(async () => {
  await Promise.all([locked.shutdown(), led.shutdown()]);
  await elector.stop().catch(() => undefined);
  kv.close();
  console.log(`CALLS ${config.name} ${calls.lock} ${calls.lockMany} ${calls.keys}`);
  console.log(`STOPPED ${config.name}`);
  Deno.exit(0);
}, config.stopAt - Date.now());
