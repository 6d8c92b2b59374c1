import { describe, expect, it } from "vitest";
import { durationJob } from "../../src/definitions/duration.ts";
import { FakeClock } from "../../src/fake-clock.ts";
import { Scheduler } from "../../src/scheduler.ts";
import { MemoryStateStore } from "../../src/state-store.ts";
import { T0, rel } from "./helpers.ts";

/** A host that builds its scheduler anew on each "invocation", as a restarted Durable Object does. */
function host(store: MemoryStateStore, clock: FakeClock, log: number[]) {
  const scheduler = new Scheduler({ clock, timeZone: "UTC", stateStore: store });
  scheduler.newJob(durationJob(10_000), ({ scheduledAt }) => void log.push(rel(scheduledAt) as number), { name: "every10s", limitedRuns: 4 });
  scheduler.newJob(durationJob(15_000), ({ scheduledAt }) => void log.push(-(rel(scheduledAt) as number)), { name: "once", limitedRuns: 1 });
  return scheduler;
}

describe("state store", () => {
  it("a host restarted between ticks neither loses nor repeats runs", async () => {
    const clock = new FakeClock(T0);
    const store = new MemoryStateStore();
    const log: number[] = [];
    let next = await host(store, clock, log).tick(T0);
    expect(rel(next)).toBe(10_000);
    for (let i = 0; i < 6 && next !== null; i++) {
      await clock.set(next);
      next = await host(store, clock, log).tick(clock.now()); // a fresh scheduler each time
    }
    expect(log).toEqual([10_000, -15_000, 20_000, 30_000, 40_000]);
    expect(next).toBe(null);
    expect(store.states.get("every10s")).toEqual({ nextRun: null, lastRun: T0 + 40_000, lastRunCompletedAt: T0 + 40_000, runs: 4 });
    // A late invocation after everything finished runs nothing again.
    await clock.advance(100_000);
    expect(await host(store, clock, log).tick(clock.now())).toBe(null);
    expect(log).toEqual([10_000, -15_000, 20_000, 30_000, 40_000]);
  });

  it("a host first woken off-grid after a restart keeps the job's phase", async () => {
    const clock = new FakeClock(T0);
    const store = new MemoryStateStore();
    const log: number[] = [];
    const make = () => {
      const s = new Scheduler({ clock, timeZone: "UTC", stateStore: store });
      s.newJob(durationJob(30_000), ({ scheduledAt }) => void log.push(rel(scheduledAt) as number), { name: "every30s" });
      return s;
    };
    expect(rel(await make().tick(T0))).toBe(30_000);
    expect(rel(await make().tick(T0 + 30_000))).toBe(60_000);
    expect(rel(await make().tick(T0 + 45_000))).toBe(60_000); // restarted between runs
    expect(rel(await make().tick(T0 + 60_000))).toBe(90_000);
    expect(log).toEqual([30_000, 60_000]);
  });

  it("the next due instant is saved before the task starts", async () => {
    const clock = new FakeClock(T0);
    const store = new MemoryStateStore();
    const scheduler = new Scheduler({ clock, timeZone: "UTC", stateStore: store });
    let seenDuringRun: unknown;
    scheduler.newJob(durationJob(1000), () => { seenDuringRun = store.states.get("j"); }, { name: "j" });
    await scheduler.tick(T0);
    await scheduler.tick(T0 + 1000);
    expect(seenDuringRun).toEqual({ nextRun: T0 + 2000, lastRun: T0, lastRunCompletedAt: null, runs: 1 });
  });

  it("a store that fails is logged; the scheduler keeps running", async () => {
    const clock = new FakeClock(T0);
    const errors: string[] = [];
    const scheduler = new Scheduler({
      clock,
      timeZone: "UTC",
      logger: { debug() {}, info() {}, warn() {}, error: (m) => void errors.push(m) },
      stateStore: { load: async () => { throw new Error("down"); }, save: async () => { throw new Error("down"); } },
    });
    let runs = 0;
    scheduler.newJob(durationJob(1000), () => void runs++, { name: "j" });
    scheduler.start();
    await clock.advance(2000);
    expect(runs).toBe(2);
    expect(errors[0]).toBe('[isocron] job "j": stateStore.load failed');
    expect(errors).toContain("[isocron] stateStore.save failed");
    await scheduler.shutdown();
  });
});
