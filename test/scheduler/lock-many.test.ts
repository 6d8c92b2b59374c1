import { describe, expect, it } from "vitest";
import { durationJob } from "../../src/definitions/duration.ts";
import type { Elector } from "../../src/distributed.ts";
import { FakeClock } from "../../src/fake-clock.ts";
import { MAX_LOCK_BATCH } from "../../src/lock-batch.ts";
import type { JobOptions } from "../../src/options.ts";
import { Scheduler } from "../../src/scheduler.ts";
import { MemoryElector } from "../doubles/memory-elector.ts";
import { BatchMemoryLocker, MemoryLocker } from "../doubles/memory-locker.ts";
import { MemoryLeaseStore } from "../doubles/memory-store.ts";
import { T0, deferred, recordingMonitor, setup } from "./helpers.ts";

/** `n` jobs named `<prefix><i>`, every second; returns the runs' keys (`name@scheduled`). */
function addJobs(scheduler: Scheduler, n: number, prefix = "j", options: JobOptions = {}): string[] {
  const ran: string[] = [];
  for (let i = 0; i < n; i++) {
    scheduler.newJob(durationJob(1000), ({ job, scheduledAt }) => void ran.push(`${job.name}@${scheduledAt.getTime()}`), { name: `${prefix}${i}`, ...options });
  }
  return ran;
}

/** The lock keys of `n` jobs named `<prefix><i>` at `at` ms after T0. */
const keysAt = (n: number, at: number, prefix = "j"): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}@${T0 + at}`);
const sorted = (keys: string[]): string[] => [...keys].sort();

describe("lockMany: the runs of one dispatch share one call per locker", () => {
  it("100 jobs due at one instant: one lockMany call with their 100 keys, no lock() call, every run on time", async () => {
    const { monitor, events } = recordingMonitor();
    const clock = new FakeClock(T0);
    const locker = new BatchMemoryLocker(new MemoryLeaseStore(clock));
    const scheduler = new Scheduler({ clock, timeZone: "UTC", locker, lockTtlMs: 5000, monitor, instanceId: "node-a" });
    const ran = addJobs(scheduler, 100);
    scheduler.start();
    await clock.advance(1000);
    expect(locker.batches).toHaveLength(1);
    expect(locker.batches[0]).toEqual(keysAt(100, 1000)); // in dispatch order, each once
    expect(locker.asked).toEqual([]);
    const [options] = locker.batchOptions;
    expect(options?.ttlMs).toBe(5000);
    expect(options?.holder).toBe("node-a");
    expect(options?.signal).toBeInstanceOf(AbortSignal);
    expect(sorted(ran)).toEqual(sorted(keysAt(100, 1000)));
    // Batching adds no delay: every run started at its due instant (delayMs 0).
    expect(events.filter((e) => e.startsWith("started:"))).toEqual(keysAt(100, 1000).map((_, i) => `started:j${i}:1000:0`));
    await scheduler.shutdown();
  });

  it("behind an elector (asked first, answering from its cache): still one call per instant", async () => {
    const clock = new FakeClock(T0);
    const store = new MemoryLeaseStore(clock);
    const locker = new BatchMemoryLocker(store);
    const elector = new MemoryElector({ store, ttlMs: 15_000 });
    const scheduler = new Scheduler({ clock, timeZone: "UTC", elector, locker });
    const ran = addJobs(scheduler, 100);
    scheduler.start();
    await clock.advance(3000);
    expect(locker.batches).toEqual([keysAt(100, 1000), keysAt(100, 2000), keysAt(100, 3000)]);
    expect(locker.asked).toEqual([]);
    expect(ran).toHaveLength(300);
    await scheduler.shutdown();
  });

  it("behind an elector whose one shared request answers later: one call once it answers, none before", async () => {
    const clock = new FakeClock(T0);
    const locker = new BatchMemoryLocker(new MemoryLeaseStore(clock));
    let requests = 0;
    let pending: Promise<boolean> | null = null;
    const elector: Elector = {
      isLeader: () => (pending ??= new Promise<boolean>((resolve) => {
        requests++;
        clock.setTimer(() => {
          pending = null;
          resolve(true);
        }, 40);
      })),
    };
    const scheduler = new Scheduler({ clock, timeZone: "UTC", elector, locker });
    const ran = addJobs(scheduler, 100);
    scheduler.start();
    await clock.advance(1039);
    expect(requests).toBe(1);
    expect(locker.batches).toEqual([]); // the elector has not answered yet
    await clock.advance(1);
    expect(locker.batches).toEqual([keysAt(100, 1000)]);
    expect(ran).toHaveLength(100);
    await scheduler.shutdown();
  });

  it.each([[1, [10]], [5, [10]], [6, [5, 5]]])("elector answers %i microtasks apart: lockMany calls of %j keys", async (gap, sizes) => {
    const clock = new FakeClock(T0);
    const locker = new BatchMemoryLocker(new MemoryLeaseStore(clock));
    let asked = 0;
    // Every other run's answer comes `gap` microtasks later, as from a deeper code path.
    const elector: Elector = {
      isLeader: async () => {
        if (asked++ % 2 === 1) for (let i = 0; i < gap; i++) await null;
        return true;
      },
    };
    const scheduler = new Scheduler({ clock, timeZone: "UTC", elector, locker });
    const ran = addJobs(scheduler, 10);
    scheduler.start();
    await clock.advance(1000);
    expect(locker.batches.map((b) => b.length)).toEqual(sizes);
    expect(sorted(locker.batches.flat())).toEqual(sorted(keysAt(10, 1000)));
    expect(ran).toHaveLength(10);
    await scheduler.shutdown();
  });

  it("a follower (the elector says no) asks the locker nothing", async () => {
    const locker = new BatchMemoryLocker();
    const elector: Elector = { isLeader: async () => false };
    const { clock, scheduler } = setup({ elector, locker });
    const ran = addJobs(scheduler, 10);
    scheduler.start();
    await clock.advance(2000);
    expect(locker.batches).toEqual([]);
    expect(locker.asked).toEqual([]);
    expect(ran).toEqual([]);
    await scheduler.shutdown();
  });

  it("two instants: two calls, each with that instant's keys", async () => {
    const locker = new BatchMemoryLocker();
    const { clock, scheduler } = setup({ locker });
    addJobs(scheduler, 100);
    scheduler.start();
    await clock.advance(2000);
    expect(locker.batches).toEqual([keysAt(100, 1000), keysAt(100, 2000)]);
    await scheduler.shutdown();
  });

  it("mixed lockers: one call per locker object; a locker without lockMany is asked key by key; a held batch delays no other locker", async () => {
    const shared = new BatchMemoryLocker();
    const own = new BatchMemoryLocker();
    const plain = new MemoryLocker();
    const { clock, scheduler } = setup({ locker: shared });
    const gate = deferred();
    shared.hold = gate.promise; // the scheduler locker's answer is in flight for a while
    const ranShared = addJobs(scheduler, 50, "s");
    const ranOwn = addJobs(scheduler, 30, "o", { locker: own });
    const ranPlain = addJobs(scheduler, 20, "p", { locker: plain });
    const ranFree = addJobs(scheduler, 5, "f", { locker: false });
    scheduler.start();
    await clock.advance(1000);
    expect(shared.batches).toEqual([keysAt(50, 1000, "s")]);
    expect(own.batches).toEqual([keysAt(30, 1000, "o")]);
    expect(plain.asked).toEqual(keysAt(20, 1000, "p"));
    expect([ranShared.length, ranOwn.length, ranPlain.length, ranFree.length]).toEqual([0, 30, 20, 5]);
    gate.resolve();
    await clock.flush();
    expect(ranShared).toHaveLength(50);
    expect(shared.asked.length + own.asked.length).toBe(0);
    await scheduler.shutdown();
  });

  it("a batch still in flight delays no later one: the next instant's call goes out on time", async () => {
    const clock = new FakeClock(T0);
    const locker = new BatchMemoryLocker(new MemoryLeaseStore(clock));
    const gate = deferred();
    locker.hold = gate.promise;
    const scheduler = new Scheduler({ clock, timeZone: "UTC", locker });
    const done = addJobs(scheduler, 3);
    scheduler.start();
    await clock.advance(1000);
    locker.hold = null; // the first call stays unanswered; later ones answer at once
    await clock.advance(1000);
    expect(locker.batches).toEqual([keysAt(3, 1000), keysAt(3, 2000)]);
    expect(sorted(done)).toEqual(sorted(keysAt(3, 2000)));
    gate.resolve();
    await clock.flush();
    expect(done).toHaveLength(6);
    await scheduler.shutdown();
  });

  it("singleton and limit queues: a queued run asks through lockMany when it starts, each occurrence once", async () => {
    const clock = new FakeClock(T0);
    const locker = new BatchMemoryLocker(new MemoryLeaseStore(clock));
    const scheduler = new Scheduler({ clock, timeZone: "UTC", locker, limitConcurrentJobs: { limit: 2, mode: "wait" } });
    const ran: string[] = [];
    for (let i = 0; i < 5; i++) {
      scheduler.newJob(durationJob(1000), async ({ job, scheduledAt }) => {
        await new Promise<void>((resolve) => clock.setTimer(resolve, 100));
        ran.push(`${job.name}@${scheduledAt.getTime()}`);
      }, { name: `j${i}` });
    }
    scheduler.start();
    await clock.advance(1000);
    expect(locker.batches).toEqual([keysAt(2, 1000)]); // three wait for a slot
    await clock.advance(300);
    expect(sorted(ran)).toEqual(sorted(keysAt(5, 1000)));
    expect(sorted(locker.batches.flat())).toEqual(sorted(keysAt(5, 1000)));
    expect(locker.asked).toEqual([]);
    await scheduler.shutdown();
  });

  it("a locker without lockMany: 100 lock() calls, as before", async () => {
    const locker = new MemoryLocker();
    const { clock, scheduler } = setup({ locker });
    const ran = addJobs(scheduler, 100);
    scheduler.start();
    await clock.advance(1000);
    expect(locker.asked).toEqual(keysAt(100, 1000));
    expect(ran).toHaveLength(100);
    await scheduler.shutdown();
  });

  it(`more than ${MAX_LOCK_BATCH} runs at one instant: calls of at most ${MAX_LOCK_BATCH} distinct keys`, async () => {
    const locker = new BatchMemoryLocker();
    const { clock, scheduler } = setup({ locker });
    const ran = addJobs(scheduler, 2500);
    scheduler.start();
    await clock.advance(1000);
    expect(locker.batches.map((b) => b.length)).toEqual([1000, 1000, 500]);
    expect(new Set(locker.batches.flat())).toEqual(new Set(keysAt(2500, 1000)));
    expect(ran).toHaveLength(2500);
    await scheduler.shutdown();
  });

  it("jobs sharing a name: their key is sent once, and only one of them runs the occurrence", async () => {
    const locker = new BatchMemoryLocker();
    const { monitor, events } = recordingMonitor();
    const { clock, scheduler } = setup({ locker, monitor });
    let runs = 0;
    scheduler.newJob(durationJob(1000), () => void runs++, { name: "same" });
    scheduler.newJob(durationJob(1000), () => void runs++, { name: "same" });
    scheduler.start();
    await clock.advance(1000);
    expect(locker.batches).toEqual([[`same@${T0 + 1000}`]]);
    expect(runs).toBe(1);
    expect(events.filter((e) => e.startsWith("skipped:"))).toEqual(["skipped:same:locked:1000"]);
    await scheduler.shutdown();
  });

  it("runNow asks lock() with its own key, never lockMany", async () => {
    const locker = new BatchMemoryLocker();
    const { scheduler } = setup({ locker });
    const job = scheduler.newJob(durationJob(1000), () => {}, { name: "n" });
    await Promise.all([job.runNow(), job.runNow()]);
    expect(locker.batches).toEqual([]);
    expect(locker.asked).toHaveLength(2);
    for (const key of locker.asked) expect(key).toMatch(/^n@runNow-[0-9a-f-]{36}$/);
    await scheduler.shutdown();
  });

  it("retries: the occurrence's one key is asked once, in one lockMany call, and held across attempts", async () => {
    const clock = new FakeClock(T0);
    const locker = new BatchMemoryLocker(new MemoryLeaseStore(clock));
    const scheduler = new Scheduler({ clock, timeZone: "UTC", locker, lockTtlMs: 900 });
    const attempts: number[] = [];
    scheduler.newJob(durationJob(10_000), ({ attempt }) => {
      attempts.push(clock.now() - T0);
      if (attempt < 3) throw new Error(`attempt ${attempt} fails`);
    }, { name: "r", limitedRuns: 1, retry: { attempts: 3, delayMs: 1000, backoff: "fixed", jitter: false } });
    scheduler.start();
    await clock.advance(12_500);
    expect(attempts).toEqual([10_000, 11_000, 12_000]);
    expect(locker.batches).toEqual([[`r@${T0 + 10_000}`]]);
    expect(locker.asked).toEqual([]);
    // Held (extended) past its 900 ms TTL until the last attempt ended, then kept until its TTL.
    expect(locker.store.get(`r@${T0 + 10_000}`)).toBeDefined();
    await clock.advance(500);
    expect(locker.store.get(`r@${T0 + 10_000}`)).toBeUndefined();
    await scheduler.shutdown();
  });
});
