import { describe, expect, it } from "vitest";
import { cronJob } from "../../src/definitions/cron.ts";
import { durationJob } from "../../src/definitions/duration.ts";
import type { Lock, Locker, LockOptions } from "../../src/distributed.ts";
import { FakeClock } from "../../src/fake-clock.ts";
import { Scheduler } from "../../src/scheduler.ts";
import { BatchMemoryLocker } from "../doubles/memory-locker.ts";
import { MemoryLeaseStore } from "../doubles/memory-store.ts";
import { T0, deferred, recordingLogger, recordingMonitor } from "./helpers.ts";

/** A scheduler on a fake clock at T0 with `n` per-second jobs j0..j<n-1> and what they hear. */
function fleet(locker: Locker, n: number, clock = new FakeClock(T0)) {
  const { monitor, events } = recordingMonitor();
  const { logger, lines } = recordingLogger();
  const scheduler = new Scheduler({ clock, timeZone: "UTC", locker, monitor, logger });
  const ran: string[] = [];
  const lockErrors: unknown[] = [];
  for (let i = 0; i < n; i++) {
    scheduler.newJob(durationJob(1000), ({ job, scheduledAt }) => void ran.push(`${job.name}@${scheduledAt.getTime() - T0}`), {
      name: `j${i}`,
      on: { afterLockError: (_job, error) => void lockErrors.push(error) },
    });
  }
  const skips = (reason: string): string[] => events.filter((e) => e.startsWith("skipped:") && e.includes(`:${reason}:`));
  return { clock, scheduler, ran, lockErrors, lines, skips };
}

/** A locker whose lockMany answers `reply(keys)`; counts the unlocks of the Locks it made. */
class ReplyingLocker implements Locker {
  unlocked = 0;
  calls = 0;
  constructor(private readonly reply: (keys: string[], lock: () => Lock) => unknown) {}
  async lock(): Promise<Lock | null> {
    throw new Error("lock() must not be called");
  }
  async lockMany(keys: string[], _options: LockOptions): Promise<(Lock | null)[]> {
    this.calls++;
    return this.reply(keys, () => ({ unlock: async () => void this.unlocked++ })) as (Lock | null)[];
  }
}

describe("lockMany under faults", () => {
  it("a rejected lockMany: every run of the batch is a lockError skip with afterLockError, and the outage is one warning", async () => {
    const locker = new BatchMemoryLocker();
    locker.reachable = false;
    const { clock, scheduler, ran, lockErrors, lines, skips } = fleet(locker, 100);
    scheduler.start();
    await clock.advance(2000);
    expect(locker.batches).toHaveLength(2);
    expect(ran).toEqual([]);
    expect(skips("lockError")).toHaveLength(200);
    expect(lockErrors).toHaveLength(200);
    expect(lockErrors.every((e) => (e as Error).message === "memory locker unreachable")).toBe(true);
    expect(lines).toEqual(["warn [isocron] the locker failed (memory locker unreachable); skipping its runs until it answers"]);
    locker.reachable = true;
    await clock.advance(1000);
    expect(ran).toHaveLength(100);
    expect(lines[1]).toBe("info [isocron] the locker answers again; 200 run(s) skipped");
    await scheduler.shutdown();
  });

  const malformed: Array<[string, (keys: string[], lock: () => Lock) => unknown, number]> = [
    ["one entry short", (keys, lock) => keys.slice(1).map(lock), 99],
    ["one entry too many", (keys, lock) => [...keys.map(lock), null], 100],
    ["not an array", () => ({ length: 100 }), 0],
    ["an entry that is neither a Lock nor null", (keys, lock) => keys.map((_, i) => (i === 7 ? "yes" : lock())), 99],
    ["a hole", (keys, lock) => {
      const answer = keys.map(lock);
      delete answer[3];
      return answer;
    }, 99],
  ];
  it.each(malformed)("a reply with %s: LockerFailed for every run, and the Locks in it are released", async (_what, reply, locks) => {
    const locker = new ReplyingLocker(reply);
    const { clock, scheduler, ran, lockErrors, skips } = fleet(locker, 100);
    scheduler.start();
    await clock.advance(1000);
    expect(locker.calls).toBe(1);
    expect(ran).toEqual([]);
    expect(skips("lockError")).toHaveLength(100);
    expect(lockErrors).toHaveLength(100);
    for (const error of lockErrors) expect(error).toMatchObject({ name: "SchedulerError", code: "LockerFailed" });
    expect((lockErrors[0] as Error).message).toMatch(/^\[isocron\] LockerFailed: lockMany answered .* for 100 key\(s\)$/);
    expect(locker.unlocked).toBe(locks);
    await scheduler.shutdown();
  });

  it("some keys null: exactly those runs are skipped as locked, the others run", async () => {
    const clock = new FakeClock(T0);
    const store = new MemoryLeaseStore(clock);
    // Another instance already holds j3, j50 and j99 at 1000.
    for (const name of ["j3", "j50", "j99"]) store.setIfAbsent(`${name}@${T0 + 1000}`, "other", 60_000);
    const { scheduler, ran, skips } = fleet(new BatchMemoryLocker(store), 100, clock);
    scheduler.start();
    await clock.advance(1000);
    expect(skips("locked")).toEqual(["skipped:j3:locked:1000", "skipped:j50:locked:1000", "skipped:j99:locked:1000"]);
    expect(ran).toHaveLength(97);
    expect(ran).not.toContain("j3@1000");
    await scheduler.shutdown();
  });

  it("a stop while lockMany is in flight: its signal aborts, every run is a stopped skip, nothing is reported as an outage", async () => {
    const locker = new BatchMemoryLocker();
    const gate = deferred();
    locker.hold = gate.promise;
    const { clock, scheduler, ran, lockErrors, lines, skips } = fleet(locker, 100);
    scheduler.start();
    await clock.advance(1000);
    const signal = locker.batchOptions[0]?.signal as AbortSignal;
    expect(signal.aborted).toBe(false);
    const stopping = scheduler.stopJobs();
    expect(signal.aborted).toBe(true);
    gate.resolve();
    await stopping;
    expect(ran).toEqual([]);
    expect(skips("stopped")).toHaveLength(100);
    expect(skips("lockError")).toEqual([]);
    expect(lockErrors).toEqual([]);
    expect(lines).toEqual([]);
    await scheduler.shutdown();
  });

  it("removing one job while lockMany is in flight cancels nothing for the others; the removed job's run is a stopped skip", async () => {
    const clock = new FakeClock(T0);
    const locker = new BatchMemoryLocker(new MemoryLeaseStore(clock));
    const gate = deferred();
    locker.hold = gate.promise;
    const { scheduler, ran, skips } = fleet(locker, 3, clock);
    scheduler.start();
    await clock.advance(1000);
    const [removed] = scheduler.jobs();
    scheduler.removeJob(removed?.id as string);
    expect(locker.batchOptions[0]?.signal?.aborted).toBe(false);
    gate.resolve();
    await clock.flush();
    expect(ran).toEqual(["j1@1000", "j2@1000"]);
    expect(skips("stopped")).toEqual(["skipped:j0:stopped:1000"]);
    await scheduler.shutdown();
  });

  it("exactly once across instances sharing one store, with clocks at 0, +300 and -300 ms, one of them away for a while", async () => {
    const truth = new FakeClock(T0);
    const store = new MemoryLeaseStore(truth);
    const offsets = [0, 300, -300];
    const clocks = offsets.map((offset) => new FakeClock(T0 + offset));
    const runs = new Map<string, string[]>();
    const lockers = offsets.map(() => new BatchMemoryLocker(store));
    const schedulers = clocks.map((clock, n) => {
      const scheduler = new Scheduler({ clock, timeZone: "UTC", locker: lockers[n], lockTtlMs: 3000, instanceId: `node-${n}` });
      for (let i = 0; i < 20; i++) {
        // Every second on the wall clock: the instances agree on the occurrences, whatever their start.
        scheduler.newJob(cronJob("* * * * * *", { withSeconds: true }), ({ job, scheduledAt }) => {
          const key = `${job.name}@${scheduledAt.getTime() - T0}`;
          runs.set(key, [...(runs.get(key) ?? []), `node-${n}`]);
        }, { name: `j${i}` });
      }
      scheduler.start();
      return scheduler;
    });
    for (let t = 50; t <= 12_000; t += 50) {
      if (t === 4000) await schedulers[1]?.stopJobs(); // the instance ahead goes away...
      if (t === 8000) schedulers[1]?.start(); // ...and comes back
      await truth.advance(50);
      for (const clock of clocks) await clock.advance(50);
    }
    // Every occurrence up to 11 s (all three clocks are past it) ran exactly once.
    for (let at = 1000; at <= 11_000; at += 1000) {
      for (let i = 0; i < 20; i++) expect(runs.get(`j${i}@${at}`), `j${i}@${at}`).toHaveLength(1);
    }
    expect([...runs.values()].every((ranOn) => ranOn.length === 1)).toBe(true);
    // The instance ahead wins while it is up; the others cover while it is away.
    expect(runs.get("j0@3000")).toEqual(["node-1"]);
    expect(runs.get("j0@6000")).toEqual(["node-0"]);
    expect(runs.get("j0@10000")).toEqual(["node-1"]);
    // One call per instance per due instant, never a lock() call.
    expect(lockers.map((l) => l.asked.length)).toEqual([0, 0, 0]);
    for (const locker of lockers) expect(locker.batches.every((keys) => keys.length === 20)).toBe(true);
    // One call per due instant: node-0 saw 1 s to 12 s, node-2 (started 300 ms before T0) 0 s to 11 s.
    expect([lockers[0]?.batches.length, lockers[2]?.batches.length]).toEqual([12, 12]);
    expect(store.commands).toBe(lockers.reduce((sum, l) => sum + l.batches.length * 20, 0));
    await Promise.all(schedulers.map((s) => s.shutdown()));
  });
});
