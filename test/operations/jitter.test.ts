import { afterEach, describe, expect, it, vi } from "vitest";
import { durationJob } from "../../src/definitions/duration.ts";
import { FakeClock } from "../../src/fake-clock.ts";
import type { TaskContext } from "../../src/options.ts";
import { Scheduler } from "../../src/scheduler.ts";
import { MemoryLocker } from "../doubles/memory-locker.ts";
import { MemoryLeaseStore } from "../doubles/memory-store.ts";
import { T0, codeOf, rel, setup } from "../scheduler/helpers.ts";

afterEach(() => vi.restoreAllMocks());

describe("jitterMs", () => {
  it("starts each run at scheduledAt + floor(random * (jitterMs + 1)); scheduledAt, runId, lock key and nextRun keep the scheduled instant", async () => {
    const draws = [0, 0.5, 0.999_999];
    vi.spyOn(Math, "random").mockImplementation(() => draws.shift() ?? 0);
    const clock = new FakeClock(T0);
    const locker = new MemoryLocker(new MemoryLeaseStore(clock));
    const scheduler = new Scheduler({ clock, timeZone: "UTC", locker });
    const seen: string[] = [];
    const job = scheduler.newJob(durationJob(10_000), (c: TaskContext) => {
      seen.push(`${clock.now() - T0}:${c.scheduledAt.getTime() - T0}:${c.runId === `a@${c.scheduledAt.getTime()}`}`);
    }, { name: "a", jitterMs: 1000 });
    scheduler.start();
    expect(rel(job.nextRun())).toBe(10_000);
    await clock.advance(10_000);
    expect(seen).toEqual(["10000:10000:true"]); // draw 0
    expect(rel(job.nextRun())).toBe(20_000);
    expect(job.nextRuns(2).map(rel)).toEqual([20_000, 30_000]);
    await clock.advance(10_499);
    expect(seen).toHaveLength(1);
    await clock.advance(1); // draw 0.5: 500 ms late
    await clock.advance(10_499);
    expect(seen).toHaveLength(2);
    await clock.advance(1); // draw 0.999999: 1000 ms late
    expect(seen).toEqual(["10000:10000:true", "20500:20000:true", "31000:30000:true"]);
    expect(locker.asked).toEqual([`a@${T0 + 10_000}`, `a@${T0 + 20_000}`, `a@${T0 + 30_000}`]);
    const [last] = job.history();
    expect([last?.scheduledAt, last?.startedAt]).toEqual([T0 + 30_000, T0 + 31_000]);
    await scheduler.shutdown();
  });

  it("bounds: 300 jobs, every start within [scheduledAt, scheduledAt + jitterMs], none missed", async () => {
    const { clock, scheduler } = setup();
    const lateness: number[] = [];
    for (let i = 0; i < 300; i++) {
      scheduler.newJob(durationJob(5000), (c: TaskContext) => void lateness.push(clock.now() - c.scheduledAt.getTime()), { jitterMs: 2000 });
    }
    scheduler.start();
    await clock.advance(22_000); // occurrences 5000, 10000, 15000, 20000 each start by 22000
    expect(lateness).toHaveLength(1200);
    expect(Math.min(...lateness)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...lateness)).toBeLessThanOrEqual(2000);
    expect(new Set(lateness).size).toBeGreaterThan(100); // really spread
    await scheduler.shutdown();
  });

  it("is validated: whole ms from 0 to 2^31-1", () => {
    const { scheduler } = setup();
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 31, "5", null]) {
      expect(codeOf(() => scheduler.newJob(durationJob(1000), () => {}, { jitterMs: bad as number }))).toBe("WithJitterInvalid");
    }
  });
});
