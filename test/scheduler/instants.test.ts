import { describe, expect, it } from "vitest";
import { cronJob } from "../../src/definitions/cron.ts";
import { dailyJob } from "../../src/definitions/daily.ts";
import { durationJob } from "../../src/definitions/duration.ts";
import { atTime } from "../../src/definitions/at-time.ts";
import { oneTimeJob } from "../../src/definitions/one-time.ts";
import { SchedulerError } from "../../src/errors.ts";
import { MemoryStateStore } from "../../src/state-store.ts";
import { T0, codeOf, rel, setup } from "./helpers.ts";

const MAX_DATE_MS = 8.64e15;

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof SchedulerError ? error.code : `not a SchedulerError: ${String(error)}`;
  }
  return "did not reject";
}

describe("every instant the API accepts lies in the Date range (issue 10, item 4)", () => {
  const badTicks: Array<[string, unknown]> = [
    ["1e308", 1e308],
    ["Number.MAX_VALUE", Number.MAX_VALUE],
    ["8.64e15 + 1", MAX_DATE_MS + 1],
    ["2**53", 2 ** 53],
    ["-8.64e15 - 1", -MAX_DATE_MS - 1],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["an Invalid Date", new Date(Number.NaN)],
    ["a string", "2026-01-01"],
    ["a BigInt", 10n],
    ["a Symbol", Symbol("t")],
    ["an object", { valueOf: () => T0 }],
  ];
  for (const [what, value] of badTicks) {
    it(`tick(${what}) is WithOptionInvalid and leaves every job as it was`, async () => {
      const { scheduler } = setup();
      let runs = 0;
      scheduler.newJob(durationJob(1000), () => void runs++);
      scheduler.newJob(cronJob("* * * * *"), () => void runs++);
      scheduler.newJob(dailyJob(1, [atTime(9, 0)]), () => void runs++);
      expect(rel(await scheduler.tick(T0))).toBe(1000);
      expect(await rejection(scheduler.tick(value as number))).toBe("WithOptionInvalid");
      expect(scheduler.jobs()).toHaveLength(3);
      expect(runs).toBe(0);
      expect(rel(await scheduler.tick(T0 + 1000))).toBe(2000);
      expect(runs).toBe(1);
      for (const job of scheduler.jobs()) expect(Number.isNaN(job.nextRun()?.getTime())).toBe(false);
      await scheduler.shutdown();
    });
  }

  it("tick at the last instant a Date can hold works and returns no Invalid Date", async () => {
    const { scheduler } = setup();
    const job = scheduler.newJob(durationJob(1000), () => {});
    scheduler.newJob(dailyJob(1, [atTime(9, 0)]), () => {});
    expect(await scheduler.tick(MAX_DATE_MS)).toBeNull();
    expect(job.nextRun()).toBeNull();
    expect(job.nextRuns(3)).toEqual([]);
    await scheduler.shutdown();
  });

  it("oneTimeJob numbers must lie in the Date range; holes are rejected", () => {
    const day = new Date(T0 + 1000);
    expect(codeOf(() => oneTimeJob(MAX_DATE_MS + 1))).toBe("OneTimeJobStartDateTimeInvalid");
    expect(codeOf(() => oneTimeJob(2 ** 53))).toBe("OneTimeJobStartDateTimeInvalid");
    expect(codeOf(() => oneTimeJob(-1e308))).toBe("OneTimeJobStartDateTimeInvalid");
    // eslint-disable-next-line no-sparse-arrays
    expect(codeOf(() => oneTimeJob([day, , day] as Date[]))).toBe("OneTimeJobStartDateTimeInvalid");
    expect(codeOf(() => oneTimeJob(new Array(3) as Date[]))).toBe("OneTimeJobStartDateTimeInvalid");
    expect(() => oneTimeJob([day, undefined as unknown as Date])).toThrow(/instant 1 must be a valid Date or epoch ms .*, got undefined$/);
    // eslint-disable-next-line no-sparse-arrays
    expect(() => oneTimeJob([day, , day] as Date[])).toThrow(/instant 1 must be .*, got a hole$/);
    expect(codeOf(() => oneTimeJob(MAX_DATE_MS))).toBe("did not throw");
  });

  it("oneTimeJob lists each instant once, Dates and numbers alike", async () => {
    const { scheduler } = setup();
    const job = scheduler.newJob(oneTimeJob([T0 + 5000, new Date(T0 + 5000), T0 + 7000]), () => {});
    scheduler.start();
    expect(job.nextRuns(5).map(rel)).toEqual([5000, 7000]);
    expect(job.schedule).toEqual({ type: "oneTime", at: [new Date(T0 + 5000).toISOString(), new Date(T0 + 7000).toISOString()] });
    await scheduler.shutdown();
  });

  it("a startAt anchor in year 275760 that leaves a duration job no run is rejected", () => {
    const { scheduler } = setup();
    expect(codeOf(() => scheduler.newJob(durationJob(1000), () => {}, { startAt: { anchor: new Date(MAX_DATE_MS) } }))).toBe("WithStartAtInvalid");
    expect(codeOf(() => scheduler.newJob(durationJob(MAX_DATE_MS), () => {}))).toBe("DurationJobIntervalInvalid");
    expect(scheduler.jobs()).toEqual([]);
  });

  it("a wall-clock job anchored in year 275760 still runs on its days, never at an Invalid Date", async () => {
    const { clock, scheduler } = setup();
    const job = scheduler.newJob(dailyJob(1, [atTime(9, 0)]), () => {}, { startAt: { anchor: new Date(MAX_DATE_MS) } });
    scheduler.start();
    expect(rel(job.nextRun())).toBe(9 * 3600_000);
    await clock.advance(9 * 3600_000);
    expect(rel(job.lastRun())).toBe(9 * 3600_000);
    await scheduler.shutdown();
  });

  it("a state store's out-of-range or malformed state is logged and ignored, never an Invalid Date", async () => {
    const errors: string[] = [];
    const store = new MemoryStateStore();
    store.states.set("a", { nextRun: 1e308, lastRun: null, lastRunCompletedAt: null, runs: 1 });
    store.states.set("b", { nextRun: T0 + 3000, lastRun: 2 ** 53, lastRunCompletedAt: null, runs: 1 });
    store.states.set("c", { nextRun: T0 + 3000, lastRun: T0 - 1000, lastRunCompletedAt: null, runs: -1 });
    store.states.set("d", { nextRun: T0 + 3000, lastRun: T0 - 1000, lastRunCompletedAt: T0 - 500, runs: 4 });
    const { scheduler } = setup({ stateStore: store, logger: { debug() {}, info() {}, warn() {}, error: (m) => void errors.push(m) } });
    const jobs = ["a", "b", "c", "d"].map((name) => scheduler.newJob(durationJob(1000), () => {}, { name }));
    await scheduler.tick(T0);
    expect(jobs.map((j) => rel(j.nextRun()))).toEqual([1000, 1000, 1000, 3000]);
    expect(jobs.map((j) => rel(j.lastRun()))).toEqual([null, null, null, -1000]);
    expect(errors).toEqual(["a", "b", "c"].map((n) => `[isocron] job "${n}": stateStore.load gave an invalid state`));
    await scheduler.shutdown();
  });
});
