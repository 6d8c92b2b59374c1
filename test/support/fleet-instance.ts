import { appendFileSync } from "node:fs";
import type { Clock } from "../../src/clock.ts";
import type { Elector, Locker } from "../../src/distributed.ts";
import { cronJob, Scheduler, SchedulerError, type Monitor } from "../../src/index.ts";

/*
 * The inside of one fleet process (test/support/fleet.ts starts them): whatever its backend, an
 * instance hosts a Scheduler with a locker and one with an elector, every job every second, on
 * a skewed clock, and writes each run and skip as a line of its own file for fleet.ts's
 * readLines: `run <job> <scheduled ms> <name> <real ms>`, `skip <job> <scheduled ms> <name>
 * <reason> <error code, "-" without an error, "other" for one that is not a SchedulerError>`.
 */

/** What every instance is told (JSON in ISOCRON_FLEET; fleet.ts's launch adds name and out). */
export interface InstanceConfig {
  name: string;
  out: string;
  offsetMs: number;
  startAt: number;
  stopAt: number;
  lockTtlMs: number;
  lease: { ttlMs: number; checkMs: number; marginMs: number };
}

/** This process's config: the common part and the backend's own `T`. */
export function fleetConfig<T extends object>(): InstanceConfig & T {
  return JSON.parse(process.env.ISOCRON_FLEET ?? "{}") as InstanceConfig & T;
}

/** The machine clock, off by `offsetMs`: an instance's idea of "now". */
export function skewedClock(offsetMs: number): Clock {
  return {
    now: () => Date.now() + offsetMs,
    setTimer: (callback, delayMs) => setTimeout(callback, delayMs),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}

export interface InstanceParts {
  clock: Clock;
  locker: Locker;
  elector: Elector & { stop(): Promise<void> };
  /** Jobs of the locker's scheduler, and of the elector's. */
  lockJobs: readonly string[];
  leadJobs: readonly string[];
}

/**
 * Runs the instance: both schedulers start at `startAt`; at `stopAt`, or on SIGTERM (the
 * README's graceful path), `shutdown()` both, then `elector.stop()` (a failure is a
 * `stop-error <name> <message>` line), a `stopped <name> <real ms> <why>` line, exit 0.
 */
export function runFleetInstance(config: InstanceConfig, { clock, locker, elector, lockJobs, leadJobs }: InstanceParts): void {
  const write = (line: string) => appendFileSync(config.out, `${line}\n`);
  const monitor: Monitor = {
    jobSkipped(job, reason, info) {
      const code = info.error instanceof SchedulerError ? info.error.code : info.error === undefined ? "-" : "other";
      write(`skip ${job.name} ${info.scheduledAt.getTime()} ${config.name} ${reason} ${code}`);
    },
  };
  const locked = new Scheduler({ clock, monitor, locker, lockTtlMs: config.lockTtlMs });
  const led = new Scheduler({ clock, monitor, elector });
  const record = (job: string) => ({ scheduledAt }: { scheduledAt: Date }) => write(`run ${job} ${scheduledAt.getTime()} ${config.name} ${Date.now()}`);
  const everySecond = () => cronJob("* * * * * *", { withSeconds: true });
  for (const job of lockJobs) locked.newJob(everySecond(), record(job), { name: job });
  for (const job of leadJobs) led.newJob(everySecond(), record(job), { name: job });

  setTimeout(() => {
    locked.start();
    led.start();
  }, Math.max(0, config.startAt - Date.now()));

  let stopping = false;
  const stop = async (why: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await Promise.all([locked.shutdown(), led.shutdown()]);
    await elector.stop().catch((error: unknown) => write(`stop-error ${config.name} ${String(error instanceof Error ? error.message : error)}`));
    write(`stopped ${config.name} ${Date.now()} ${why}`);
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  setTimeout(() => void stop("end"), config.stopAt - Date.now());
}
