import { describe, expect, it } from "vitest";
import { cronJob } from "../../src/definitions/cron.ts";
import { durationJob } from "../../src/definitions/duration.ts";
import type { Elector, Lock, Locker, LockOptions } from "../../src/distributed.ts";
import { FakeClock } from "../../src/fake-clock.ts";
import { Scheduler } from "../../src/scheduler.ts";
import { MemoryLocker } from "../doubles/memory-locker.ts";
import { MemoryLeaseStore } from "../doubles/memory-store.ts";
import { T0, recordingMonitor, setup } from "./helpers.ts";

/** A locker that grants keys per a script and records what it was asked. */
class ScriptedLocker implements Locker {
  readonly asked: Array<{ key: string; ttlMs: number }> = [];
  /** `options.holder` of each call, in order. */
  readonly holders: unknown[] = [];
  unlocked = 0;
  constructor(private readonly answer: (key: string) => "grant" | "deny" | "fail") {}
  async lock(key: string, options: LockOptions): Promise<Lock | null> {
    this.asked.push({ key, ttlMs: options.ttlMs });
    this.holders.push(options.holder);
    const a = this.answer(key);
    if (a === "fail") throw new Error("redis down");
    if (a === "deny") return null;
    return { unlock: async () => void this.unlocked++ };
  }
}

describe("locker", () => {
  it("asks for one key per occurrence: name@scheduled-epoch-ms, with the TTL", async () => {
    const locker = new ScriptedLocker(() => "grant");
    const { clock, scheduler } = setup({ locker, lockTtlMs: 5000 });
    let runs = 0;
    scheduler.newJob(durationJob(1000), () => void runs++, { name: "report" });
    scheduler.start();
    await clock.advance(2000);
    expect(locker.asked).toEqual([
      { key: `report@${T0 + 1000}`, ttlMs: 5000 },
      { key: `report@${T0 + 2000}`, ttlMs: 5000 },
    ]);
    expect(runs).toBe(2);
    expect(locker.unlocked).toBe(2);
    await scheduler.shutdown();
  });

  it("null skips quietly; a throw skips and reaches afterLockError and the monitor", async () => {
    const { monitor, events } = recordingMonitor();
    let call = 0;
    const locker = new ScriptedLocker(() => (["deny", "fail", "grant"] as const)[call++ % 3] as "grant");
    const { clock, scheduler } = setup({ locker, monitor });
    const lockErrors: string[] = [];
    let runs = 0;
    scheduler.newJob(durationJob(1000), () => void runs++, {
      name: "j",
      on: { afterLockError: (job, error) => void lockErrors.push(`${job.name}:${(error as Error).message}`) },
    });
    scheduler.start();
    await clock.advance(3000);
    expect(runs).toBe(1);
    expect(lockErrors).toEqual(["j:redis down"]);
    expect(events.filter((e) => e.startsWith("skipped"))).toEqual(["skipped:j:locked:1000", "skipped:j:lockError:2000"]);
    await scheduler.shutdown();
  });

  it("runNow uses a fresh key of its own", async () => {
    const locker = new ScriptedLocker(() => "grant");
    const { scheduler } = setup({ locker });
    const job = scheduler.newJob(durationJob(1000), () => {}, { name: "n" });
    await job.runNow();
    await job.runNow();
    const [a, b] = locker.asked.map((x) => x.key);
    expect(a).toMatch(/^n@runNow-[0-9a-f-]{36}$/);
    expect(b).not.toBe(a);
  });

  it("an unnamed job with a locker is rejected; locker: false opts a job out", async () => {
    const locker = new ScriptedLocker(() => "deny");
    const { clock, scheduler } = setup({ locker });
    expect(() => scheduler.newJob(durationJob(1000), function named() {})).toThrow(expect.objectContaining({ code: "LockerNeedsName" }));
    let runs = 0;
    scheduler.newJob(durationJob(1000), () => void runs++, { locker: false });
    scheduler.start();
    await clock.advance(2000);
    expect(runs).toBe(2);
    expect(locker.asked).toEqual([]);
    await scheduler.shutdown();
  });

  it("a job's own locker overrides the scheduler's", async () => {
    const schedulerLocker = new ScriptedLocker(() => "deny");
    const jobLocker = new ScriptedLocker(() => "grant");
    const { clock, scheduler } = setup({ locker: schedulerLocker });
    let runs = 0;
    scheduler.newJob(durationJob(1000), () => void runs++, { name: "own", locker: jobLocker });
    scheduler.start();
    await clock.advance(1000);
    expect(runs).toBe(1);
    expect(schedulerLocker.asked).toEqual([]);
    expect(jobLocker.asked.map((a) => a.key)).toEqual([`own@${T0 + 1000}`]);
    await scheduler.shutdown();
  });

  it("three instances sharing one lock store, clocks off by up to 400 ms, run each occurrence once", async () => {
    const clock = new FakeClock(T0);
    const store = new MemoryLeaseStore(clock);
    const runs = new Map<number, number>();
    const offsets = [0, 150, -400];
    const instances = offsets.map((offset) => {
      const skewed = { now: () => clock.now() + offset, setTimer: clock.setTimer.bind(clock), clearTimer: clock.clearTimer.bind(clock) };
      const s = new Scheduler({ clock: skewed, timeZone: "UTC", locker: new MemoryLocker(store), lockTtlMs: 10_000 });
      s.newJob(cronJob("* * * * * *", { withSeconds: true }), ({ scheduledAt }) => {
        runs.set(scheduledAt.getTime(), (runs.get(scheduledAt.getTime()) ?? 0) + 1);
      }, { name: "every-second" });
      s.start();
      return s;
    });
    await clock.advance(60_000);
    expect(runs.size).toBeGreaterThanOrEqual(60);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    for (const s of instances) await s.shutdown();
  });
});

describe("elector", () => {
  it("only the leader runs; leadership is asked per occurrence; the elector decides before the locker", async () => {
    let leader = true;
    const order: string[] = [];
    const elector: Elector = { isLeader: async () => { order.push("elector"); return leader; } };
    const locker = new ScriptedLocker(() => { order.push("locker"); return "grant"; });
    const { monitor, events } = recordingMonitor();
    const { clock, scheduler } = setup({ elector, locker, monitor });
    let runs = 0;
    scheduler.newJob(durationJob(1000), () => void runs++, { name: "e" });
    scheduler.start();
    await clock.advance(1000);
    leader = false;
    await clock.advance(1000);
    expect(runs).toBe(1);
    expect(order).toEqual(["elector", "locker", "elector"]);
    expect(events.filter((e) => e.startsWith("skipped"))).toEqual(["skipped:e:notLeader:2000"]);
    await scheduler.shutdown();
  });

  it("an elector that throws skips the run, reaches afterLockError, and the scheduler keeps going", async () => {
    let fail = true;
    const elector: Elector = { isLeader: async () => { if (fail) throw new Error("lease service down"); return true; } };
    const { clock, scheduler } = setup({ elector });
    const heard: string[] = [];
    let runs = 0;
    scheduler.newJob(durationJob(1000), () => void runs++, { on: { afterLockError: (_j, e) => void heard.push((e as Error).message) } });
    scheduler.start();
    await clock.advance(2000);
    fail = false;
    await clock.advance(1000);
    expect(runs).toBe(1);
    expect(heard).toEqual(["lease service down", "lease service down"]);
    await scheduler.shutdown();
  });
});

describe("instanceId: the holder of locks, shared with the elector", () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it("every lock call carries holder = the scheduler's explicit instanceId (scheduled runs and runNow, job lockers too)", async () => {
    const locker = new ScriptedLocker(() => "grant");
    const own = new ScriptedLocker(() => "grant");
    const { clock, scheduler } = setup({ locker, instanceId: "node-7" });
    const job = scheduler.newJob(durationJob(1000), () => {}, { name: "h" });
    scheduler.newJob(durationJob(1000), () => {}, { name: "o", locker: own });
    scheduler.start();
    await clock.advance(2000);
    await job.runNow();
    expect(scheduler.instanceId).toBe("node-7");
    expect(locker.holders).toEqual(["node-7", "node-7", "node-7"]);
    expect(own.holders).toEqual(["node-7", "node-7"]);
    await scheduler.shutdown();
  });

  it("without the option, holder is the default (random UUID) instanceId, the same on every call", async () => {
    const locker = new ScriptedLocker(() => "grant");
    const { clock, scheduler } = setup({ locker });
    scheduler.newJob(durationJob(1000), () => {}, { name: "d" });
    scheduler.start();
    await clock.advance(2000);
    expect(scheduler.instanceId).toMatch(UUID);
    expect(locker.holders).toEqual([scheduler.instanceId, scheduler.instanceId]);
    expect(setup({ locker }).scheduler.instanceId).not.toBe(scheduler.instanceId);
    await scheduler.shutdown();
  });

  it("with no instanceId option, the elector's instanceId is the scheduler's: history, locks and lease name one instance", async () => {
    const elector = { instanceId: "node-a", isLeader: async () => true };
    expect(new Scheduler({ elector }).instanceId).toBe("node-a");
    const locker = new ScriptedLocker(() => "grant");
    const { clock, scheduler } = setup({ elector, locker });
    const job = scheduler.newJob(durationJob(1000), () => {}, { name: "a" });
    scheduler.start();
    await clock.advance(1000);
    expect(scheduler.instanceId).toBe("node-a");
    expect(locker.holders).toEqual(["node-a"]);
    expect(job.history().map((r) => r.instanceId)).toEqual(["node-a"]);
    expect(elector.instanceId).toBe("node-a");
    await scheduler.shutdown();
  });

  it("an explicit instanceId wins over a different elector's, with no error; the elector keeps its own", async () => {
    const elector = { instanceId: "node-a", isLeader: async () => true };
    const locker = new ScriptedLocker(() => "grant");
    const { clock, scheduler } = setup({ elector, locker, instanceId: "node-b" });
    scheduler.newJob(durationJob(1000), () => {}, { name: "b" });
    scheduler.start();
    await clock.advance(1000);
    expect(scheduler.instanceId).toBe("node-b");
    expect(locker.holders).toEqual(["node-b"]);
    expect(elector.instanceId).toBe("node-a");
    await scheduler.shutdown();
  });

  it("an elector instanceId that is not a string of 1 to 200 characters is ignored: a random UUID, no error", () => {
    for (const instanceId of [42, "", "x".repeat(201), null, { toString: () => "node-a" }]) {
      const scheduler = new Scheduler({ elector: { instanceId, isLeader: async () => true } as Elector });
      expect(scheduler.instanceId).toMatch(UUID);
    }
    expect(new Scheduler({ elector: { instanceId: "y".repeat(200), isLeader: async () => true } as Elector }).instanceId).toBe("y".repeat(200));
  });

  it("an elector whose instanceId getter throws is WithOptionInvalid, not a raw error", () => {
    const elector = { isLeader: async () => true, get instanceId(): string { throw new Error("boom"); } };
    expect(() => new Scheduler({ elector })).toThrow(expect.objectContaining({ code: "WithOptionInvalid" }));
  });
});

describe("a graceful stop while the elector or locker is being asked", () => {
  /** Never answers; rejects with the signal's reason when aborted, as a real adapter does. */
  const hang = (signal?: AbortSignal): Promise<never> =>
    new Promise((_, reject) => signal?.addEventListener("abort", () => reject(new Error(`aborted: ${String(signal.reason)}`)), { once: true }));

  for (const gate of ["elector", "locker"] as const) {
    it(`${gate}: shutdown() reports a stopped skip, not an ${gate === "elector" ? "electorError" : "lockError"}`, async () => {
      const { monitor, events } = recordingMonitor();
      const elector: Elector = { isLeader: (signal) => hang(signal) };
      const locker: Locker = { lock: (_key, options) => hang(options.signal) };
      const { clock, scheduler } = setup({ monitor, ...(gate === "elector" ? { elector } : { locker }) });
      const lockErrors: unknown[] = [];
      scheduler.newJob(durationJob(1000), () => {}, { name: "j", on: { afterLockError: (_job, error) => void lockErrors.push(error) } });
      scheduler.start();
      await clock.advance(1000);
      await scheduler.shutdown();
      expect(lockErrors).toEqual([]);
      expect(events.filter((e) => e.startsWith("skipped"))).toEqual(["skipped:j:stopped:1000"]);
    });
  }
});
