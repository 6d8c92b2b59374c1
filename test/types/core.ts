// A consumer of the published package's core and of the entries that need no fetch API
// ("isocron", "isocron/web-locks"): the main APIs, including `await using`. Checked in every
// cell of test/types/run.mjs, including a project with `lib: esnext` and neither DOM nor Node.
import {
  atTime, cronJob, dailyJob, durationJob, durationRandomJob, FakeClock, MemoryStateStore, monthlyJob,
  oneTimeJob, Scheduler, SchedulerError, systemClock, weeklyJob,
} from "isocron";
import type {
  Clock, Elector, Job, JobOptions, Lock, Locker, LockOptions, Monitor, RunResult, SchedulerErrorCode,
  SchedulerOptions, SkipReason, StateStore, TaskContext,
} from "isocron";
import { WebLocksElector, type WebLocksManager } from "isocron/web-locks";
import { DenoKvElector, DenoKvLocker, type DenoKv } from "isocron/deno-kv";

declare const locks: WebLocksManager;
declare const locker: Locker;
// isocron/deno-kv types Deno.Kv structurally: no Deno types needed (deno check in run.mjs passes a real one).
declare const kv: DenoKv;
const kvLocker = new DenoKvLocker({ kv, prefix: ["app", "lock"], ttlMs: 30_000, timeoutMs: 2_000 });
const kvElector: Elector = new DenoKvElector({ kv, key: ["app", "leader"], ttlMs: 15_000, instanceId: "node-a" });
const lockMany: (keys: string[], options: LockOptions) => Promise<(Lock | null)[]> = (keys, o) => kvLocker.lockMany(keys, o);
void [kvElector, lockMany, kvLocker satisfies Locker];

const monitor: Monitor = {
  jobCompleted(job: Job, result: RunResult) {
    const ms: number = result.durationMs;
    void [job.name, ms];
  },
  jobSkipped(job: Job, reason: SkipReason) {
    void [job.id, reason];
  },
};

const elector: Elector = new WebLocksElector({ name: "isocron", locks, onChange: (leader: boolean) => void leader });
const options: SchedulerOptions = {
  clock: systemClock,
  timeZone: "Europe/Berlin",
  elector,
  locker,
  stateStore: new MemoryStateStore(),
  monitor,
  limitConcurrentJobs: { limit: 4, mode: "wait" },
};

export async function main(): Promise<void> {
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const asClock: Clock = clock;
  await using scheduler = new Scheduler({ ...options, clock: asClock });
  const jobOptions: JobOptions = { name: "report", tags: ["daily"], singletonMode: "reschedule" };
  const job: Job = scheduler.newJob(cronJob("CRON_TZ=UTC 0 9 * * 1-5"), async ({ signal }: TaskContext) => {
    const aborted: boolean = signal.aborted;
    void aborted;
  }, jobOptions);
  scheduler.newJob(durationJob(60_000), () => undefined);
  scheduler.newJob(cronJob("*/10 * * * * *", { withSeconds: true }), () => undefined);
  scheduler.newJob(durationRandomJob(1_000, 5_000), () => undefined);
  scheduler.newJob(dailyJob(1, [atTime(3, 30)]), () => undefined);
  scheduler.newJob(weeklyJob(1, [1, 3], [atTime(9, 0)]), () => undefined);
  scheduler.newJob(monthlyJob(1, [1, -1], [atTime(0, 0)]), () => undefined);
  scheduler.newJob(oneTimeJob(new Date(Date.UTC(2026, 0, 2))), () => undefined);
  scheduler.start();
  const next: Date | null = job.nextRun();
  const runs: Date[] = job.nextRuns(3);
  await clock.advance(60_000);
  const due: Date | null = await scheduler.tick(Date.UTC(2026, 0, 1, 9));
  void [next, runs, due];

  const lock: Lock | null = await locker.lock("job", { ttlMs: 1_000 } satisfies LockOptions);
  await lock?.unlock();
  const leader: boolean = await elector.isLeader();
  void leader;

  const store: StateStore = new MemoryStateStore();
  void store;
  try {
    scheduler.removeJob("nope");
  } catch (error) {
    if (error instanceof SchedulerError) {
      const code: SchedulerErrorCode = error.code;
      void code;
    }
  }
}
