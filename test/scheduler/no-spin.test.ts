import { describe, expect, it } from "vitest";
import type { JobDefinition, Schedule } from "../../src/definitions/definition.ts";
import { durationJob } from "../../src/definitions/duration.ts";
import { T0, errorLogger, rel, setup } from "./helpers.ts";

const MAX_DATE_MS = 8.64e15;

/** A custom definition whose next run after `t` is `answer(t)`. */
function custom(answer: (t: number) => unknown): JobDefinition {
  return {
    type: "duration",
    compile: (): Schedule => ({
      next: (t) => answer(t) as number | null,
      description: { type: "duration", intervalMs: 1000 },
    }),
  };
}

describe("the dispatch loop never spins (issue 10, item 3)", () => {
  const answers: Array<[string, (t: number) => unknown, string]> = [
    ["the same instant", (t) => (t >= T0 + 2000 ? t : t + 1000), "2000"],
    ["an earlier instant", (t) => (t >= T0 + 2000 ? t - 5 : t + 1000), "1999995"],
    ["NaN", (t) => (t >= T0 + 2000 ? Number.NaN : t + 1000), "NaN"],
    ["an instant past the Date range", (t) => (t >= T0 + 2000 ? MAX_DATE_MS + 1 : t + 1000), "8640000000000001"],
    ["a string", (t) => (t >= T0 + 2000 ? "soon" : t + 1000), '"soon"'],
  ];
  for (const [what, answer, shown] of answers) {
    it(`a schedule answering ${what} ends its job with one logged error; other jobs run on`, async () => {
      const { logger, errors } = errorLogger();
      const { clock, scheduler } = setup({ logger });
      let bad = 0;
      let good = 0;
      scheduler.newJob(custom(answer), () => void bad++, { name: "bad" });
      scheduler.newJob(durationJob(1000), () => void good++, { name: "good" });
      scheduler.start();
      await clock.advance(5000);
      expect(bad).toBe(2);
      expect(good).toBe(5);
      expect(scheduler.jobs().map((j) => j.name)).toEqual(["good"]);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('job "bad": its schedule gave ');
      expect(errors[0]).toContain("no further runs");
      if (what !== "an earlier instant") expect(errors[0]).toContain(shown === "2000" ? String(T0 + 2000) : shown);
      await scheduler.shutdown();
    });
  }

  it("the missed-run path never requeues at now: a stalled process skips to the next later run", async () => {
    const { logger, errors } = errorLogger();
    const { clock, scheduler } = setup({ logger });
    const runs: number[] = [];
    scheduler.newJob(durationJob(1000), (ctx) => void runs.push(rel(ctx.scheduledAt) as number), { missedRuns: "once" });
    scheduler.start();
    clock.jump(T0 + 10_500); // slept past nine occurrences: one catch-up run
    await clock.advance(0);
    expect(runs).toEqual([1000]);
    expect(rel(scheduler.jobs()[0]?.nextRun() ?? null)).toBe(11_000);
    expect(errors).toEqual([]);
    await scheduler.shutdown();
  });

  it("a completion-based job ticked far ahead of the clock runs once per tick, not forever", async () => {
    // Its run completes at the clock's now (T0), so its next run (T0 + 1 s) was due again in
    // the same tick: before the fix, an endless loop.
    const { scheduler } = setup();
    let runs = 0;
    scheduler.newJob(durationJob(1000), () => void runs++, { intervalFromCompletion: true });
    expect(rel(await scheduler.tick(T0))).toBe(1000);
    expect(rel(await scheduler.tick(T0 + 10_000))).toBe(11_000); // completed "at" the tick's instant
    expect(runs).toBe(1);
    await scheduler.shutdown();
  });

  it("a task that re-registers its job during a tick far ahead of the clock does not loop", async () => {
    const { scheduler } = setup();
    scheduler.start();
    let runs = 0;
    const task = (): void => {
      runs++;
      const id = scheduler.jobs()[0]?.id as string;
      scheduler.update(id, durationJob(1000), task, { missedRuns: "once" });
    };
    scheduler.newJob(durationJob(1000), task, { missedRuns: "once" });
    await scheduler.tick(T0 + 10_000);
    expect(runs).toBe(1);
    expect(rel(scheduler.jobs()[0]?.nextRun() ?? null)).toBe(11_000);
    await scheduler.shutdown();
  });

  it("a job whose last run is the last instant a Date can hold ends cleanly", async () => {
    const { logger, errors } = errorLogger();
    const { clock, scheduler } = setup({ logger });
    const runs: number[] = [];
    const job = scheduler.newJob(durationJob(1000), (ctx) => void runs.push(ctx.scheduledAt.getTime()), {
      startAt: new Date(MAX_DATE_MS - 1000),
    });
    scheduler.start();
    expect(job.nextRuns(5).map((d) => d.getTime())).toEqual([MAX_DATE_MS - 1000, MAX_DATE_MS]);
    clock.jump(MAX_DATE_MS - 2000);
    await clock.advance(2000);
    expect(runs).toEqual([MAX_DATE_MS - 1000, MAX_DATE_MS]);
    expect(scheduler.jobs()).toEqual([]);
    expect(job.nextRun()).toBeNull();
    expect(job.lastRun()?.getTime()).toBe(MAX_DATE_MS);
    expect(errors).toEqual([]);
    await scheduler.shutdown();
  });
});
