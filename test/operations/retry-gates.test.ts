import { describe, expect, it } from "vitest";
import { durationJob } from "../../src/definitions/duration.ts";
import type { Elector, Lock, Locker, LockOptions } from "../../src/distributed.ts";
import { FakeClock } from "../../src/fake-clock.ts";
import { Scheduler } from "../../src/scheduler.ts";
import type { TaskContext } from "../../src/options.ts";
import { MemoryLocker } from "../doubles/memory-locker.ts";
import { MemoryLeaseStore } from "../doubles/memory-store.ts";
import { T0, recordingMonitor, setup } from "../scheduler/helpers.ts";

/** Wraps a locker, counting lock() and unlock() calls with their instants. */
class CountingLocker implements Locker {
  readonly calls: string[] = [];
  constructor(private readonly inner: Locker, private readonly clock: FakeClock) {}
  async lock(key: string, options: LockOptions): Promise<Lock | null> {
    this.calls.push(`lock ${key.slice(key.indexOf("@") + 1)}@${this.clock.now() - T0}`);
    const lock = await this.inner.lock(key, options);
    if (lock === null) return null;
    return { unlock: async () => { this.calls.push(`unlock@${this.clock.now() - T0}`); await lock.unlock(); } };
  }
}

/** A task failing its first `fails` attempts, logging "start ms since T0 #attempt". */
function flaky(clock: FakeClock, log: string[], fails: number, name = "") {
  return (c: TaskContext) => {
    log.push(`${name}${clock.now() - T0}#${c.attempt}`);
    if (c.attempt <= fails) throw new Error("flaky");
  };
}

describe("retries under a locker and an elector", () => {
  it("one lock call per occurrence, held and extended across a retry chain longer than its TTL, unlocked after the last attempt", async () => {
    const clock = new FakeClock(T0);
    const store = new MemoryLeaseStore(clock);
    const locker = new CountingLocker(new MemoryLocker(store), clock);
    const rival = new MemoryLocker(store);
    const scheduler = new Scheduler({ clock, timeZone: "UTC", locker, lockTtlMs: 3000 });
    const log: string[] = [];
    scheduler.newJob(durationJob(100_000), flaky(clock, log, 4), { name: "a", limitedRuns: 1, retry: { attempts: 5, delayMs: 1000, jitter: false } });
    scheduler.start();
    await clock.advance(110_000); // attempts at 100000, 101000, 103000, 107000; the 5th (115000) succeeds
    expect(await rival.lock(`a@${T0 + 100_000}`, { ttlMs: 3000 })).toBeNull(); // still held 10 s in, 3.3 TTLs
    await clock.advance(10_000);
    expect(log).toEqual(["100000#1", "101000#2", "103000#3", "107000#4", "115000#5"]);
    expect(locker.calls).toEqual([`lock ${T0 + 100_000}@100000`, "unlock@115000"]);
    await scheduler.shutdown();
  });

  it("the elector is asked once per occurrence, not per attempt", async () => {
    let asked = 0;
    const elector: Elector = { isLeader: async () => (asked++, true) };
    const { clock, scheduler } = setup({ elector });
    const log: string[] = [];
    scheduler.newJob(durationJob(100_000), flaky(clock, log, 2), { name: "a", limitedRuns: 1, retry: { attempts: 3, delayMs: 10, jitter: false } });
    scheduler.start();
    await clock.advance(100_100);
    expect(log).toEqual(["100000#1", "100010#2", "100030#3"]);
    expect(asked).toBe(1);
    await scheduler.shutdown();
  });
});

describe("retries count as running", () => {
  it("singleton reschedule: an occurrence due during the retry wait is skipped", async () => {
    const { monitor, events } = recordingMonitor();
    const { clock, scheduler } = setup({ monitor });
    const log: string[] = [];
    scheduler.newJob(durationJob(2000), flaky(clock, log, 2), { name: "a", singletonMode: "reschedule", retry: { attempts: 3, delayMs: 1500, backoff: "fixed", jitter: false } });
    scheduler.start();
    await clock.advance(6000);
    // 2000 fails, 3500 fails, 5000 succeeds; 4000 was due while it waited for its retry
    expect(log).toEqual(["2000#1", "3500#2", "5000#3", "6000#1"]);
    expect(events.filter((e) => e.startsWith("skipped"))).toEqual(["skipped:a:singleton:4000"]);
    await scheduler.shutdown();
  });

  it("singleton wait: an occurrence due during the retry wait runs once the occurrence ends", async () => {
    const { clock, scheduler } = setup();
    const log: string[] = [];
    scheduler.newJob(durationJob(2000), flaky(clock, log, 2), { name: "a", singletonMode: "wait", limitedRuns: 2, retry: { attempts: 3, delayMs: 1500, backoff: "fixed", jitter: false } });
    scheduler.start();
    await clock.advance(6000);
    expect(log).toEqual(["2000#1", "3500#2", "5000#3", "5000#1"]);
    await scheduler.shutdown();
  });

  it("scheduler limit reschedule: another job due during the retry wait finds the limit full", async () => {
    const { monitor, events } = recordingMonitor();
    const { clock, scheduler } = setup({ monitor, limitConcurrentJobs: { limit: 1, mode: "reschedule" } });
    const log: string[] = [];
    scheduler.newJob(durationJob(100_000), flaky(clock, log, 1, "a"), { name: "a", limitedRuns: 1, retry: { attempts: 2, delayMs: 3000, jitter: false } });
    scheduler.newJob(durationJob(101_000), flaky(clock, log, 0, "b"), { name: "b", limitedRuns: 2 });
    scheduler.start();
    await clock.advance(202_000);
    expect(log).toEqual(["a100000#1", "a103000#2", "b202000#1"]);
    expect(events.filter((e) => /^(skipped|limit)/.test(e))).toEqual(["limit:b:reschedule", "skipped:b:limit:101000"]);
    await scheduler.shutdown();
  });

  it("scheduler limit wait: another job due during the retry wait runs once the occurrence ends", async () => {
    const { clock, scheduler } = setup({ limitConcurrentJobs: { limit: 1, mode: "wait" } });
    const log: string[] = [];
    scheduler.newJob(durationJob(100_000), flaky(clock, log, 1, "a"), { name: "a", limitedRuns: 1, retry: { attempts: 2, delayMs: 3000, jitter: false } });
    scheduler.newJob(durationJob(101_000), flaky(clock, log, 0, "b"), { name: "b", limitedRuns: 1 });
    scheduler.start();
    await clock.advance(102_000);
    expect(scheduler.jobsWaitingInQueue()).toBe(1);
    await clock.advance(1000);
    expect(log).toEqual(["a100000#1", "a103000#2", "b103000#1"]);
    expect(scheduler.jobsWaitingInQueue()).toBe(0);
    await scheduler.shutdown();
  });
});
