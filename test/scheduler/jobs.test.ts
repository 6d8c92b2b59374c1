import { describe, expect, it } from "vitest";
import { durationJob } from "../../src/definitions/duration.ts";
import { durationRandomJob } from "../../src/definitions/duration-random.ts";
import { oneTimeJob } from "../../src/definitions/one-time.ts";
import { T0, deferred, rel, setup } from "./helpers.ts";

describe("duration jobs", () => {
  it("run every interval from start, computed from the scheduled time", async () => {
    const { clock, scheduler } = setup();
    const seen: number[] = [];
    await clock.advance(250);
    const job = scheduler.newJob(durationJob(1000), ({ scheduledAt }) => void seen.push(rel(scheduledAt) as number));
    scheduler.start();
    expect(rel(job.nextRun())).toBe(1250);
    expect(job.nextRuns(3).map(rel)).toEqual([1250, 2250, 3250]);
    await clock.advance(3000);
    expect(seen).toEqual([1250, 2250, 3250]);
    expect(rel(job.lastRun())).toBe(3250);
    await scheduler.shutdown();
  });

  it("a slow task does not delay the schedule; runs overlap without singletonMode", async () => {
    const { clock, scheduler } = setup();
    let running = 0;
    let maxRunning = 0;
    const starts: number[] = [];
    scheduler.newJob(durationJob(1000), async ({ signal }) => {
      starts.push(clock.now() - T0);
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise<void>((r) => {
        clock.setTimer(r, 2500);
        signal.addEventListener("abort", () => r());
      });
      running--;
    });
    scheduler.start();
    await clock.advance(4000);
    expect(starts).toEqual([1000, 2000, 3000, 4000]);
    expect(maxRunning).toBe(3);
    await scheduler.shutdown();
    expect(running).toBe(0);
  });

  it("intervalFromCompletion counts the wait from the end of the last run", async () => {
    const { clock, scheduler } = setup();
    const starts: number[] = [];
    const job = scheduler.newJob(durationJob(1000), async () => {
      starts.push(clock.now() - T0);
      await new Promise<void>((r) => clock.setTimer(r, 500));
    }, { intervalFromCompletion: true });
    scheduler.start();
    await clock.advance(1200);
    expect(job.nextRun()).toBe(null); // running: next is known only when it ends
    await clock.advance(2800);
    expect(starts).toEqual([1000, 2500, 4000]);
    await clock.advance(500);
    await scheduler.shutdown();
  });

  it("random durations stay within [min, max] and are drawn anew each time", async () => {
    const { clock, scheduler } = setup();
    const starts: number[] = [];
    scheduler.newJob(durationRandomJob(1000, 3000), () => void starts.push(clock.now() - T0));
    scheduler.start();
    await clock.advance(200_000);
    expect(starts.length).toBeGreaterThan(60);
    const gaps = starts.map((t, i) => t - (i === 0 ? 0 : (starts[i - 1] as number)));
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(1000);
      expect(gap).toBeLessThanOrEqual(3000);
    }
    expect(new Set(gaps).size).toBeGreaterThan(10);
    await scheduler.shutdown();
  });

  it("waits longer than 2^31-1 ms are split and still fire at the exact instant", async () => {
    const { clock, scheduler } = setup();
    const thirtyDays = 30 * 86_400_000;
    const seen: number[] = [];
    scheduler.newJob(durationJob(thirtyDays), () => void seen.push(clock.now() - T0));
    scheduler.start();
    expect(clock.pendingTimers()).toBe(1);
    await clock.advance(thirtyDays - 1);
    expect(seen).toEqual([]);
    await clock.advance(1);
    expect(seen).toEqual([thirtyDays]);
    await scheduler.shutdown();
  });
});

describe("one-time jobs", () => {
  it("immediately runs once at start, then the job is removed", async () => {
    const { clock, scheduler } = setup();
    const seen: number[] = [];
    scheduler.newJob(oneTimeJob("immediately"), () => void seen.push(clock.now() - T0));
    await clock.advance(100);
    expect(seen).toEqual([]);
    scheduler.start();
    await clock.advance(10_000);
    expect(seen).toEqual([100]);
    expect(scheduler.jobs()).toEqual([]);
  });

  it("runs once at each listed instant, sorted and deduplicated", async () => {
    const { clock, scheduler } = setup();
    const seen: number[] = [];
    const job = scheduler.newJob(
      oneTimeJob([new Date(T0 + 5000), new Date(T0 + 2000), new Date(T0 + 5000)]),
      ({ scheduledAt }) => void seen.push(rel(scheduledAt) as number),
    );
    expect(job.schedule).toEqual({ type: "oneTime", at: ["2026-01-01T00:00:02.000Z", "2026-01-01T00:00:05.000Z"] });
    scheduler.start();
    expect(job.nextRuns(5).map(rel)).toEqual([2000, 5000]);
    await clock.advance(10_000);
    expect(seen).toEqual([2000, 5000]);
    expect(scheduler.jobs().length).toBe(0);
  });

  it("an instant that passed before start() is dropped without running", async () => {
    const { clock, scheduler } = setup();
    const seen: number[] = [];
    scheduler.newJob(oneTimeJob([new Date(T0 + 1000), new Date(T0 + 9000)]), () => void seen.push(clock.now() - T0));
    await clock.advance(5000);
    scheduler.start();
    await clock.advance(10_000);
    expect(seen).toEqual([9000]);
  });

  it("a job whose only instant passed before start() is removed without running", async () => {
    const { clock, scheduler } = setup();
    let runs = 0;
    scheduler.newJob(oneTimeJob(new Date(T0 + 1000)), () => void runs++);
    await clock.advance(2000);
    scheduler.start();
    await clock.advance(10_000);
    expect(runs).toBe(0);
    expect(scheduler.jobs()).toEqual([]);
  });
});

describe("start and stop times", () => {
  it("startAt immediately runs now, then on the interval", async () => {
    const { clock, scheduler } = setup();
    const seen: number[] = [];
    scheduler.newJob(durationJob(1000), () => void seen.push(clock.now() - T0), { startAt: "immediately" });
    scheduler.start();
    await clock.advance(2000);
    expect(seen).toEqual([0, 1000, 2000]);
    await scheduler.shutdown();
  });

  it("startAt a Date runs first at that instant, with the phase counted from it", async () => {
    const { clock, scheduler } = setup();
    const seen: number[] = [];
    const job = scheduler.newJob(durationJob(1000), () => void seen.push(clock.now() - T0), { startAt: new Date(T0 + 2500) });
    scheduler.start();
    expect(job.nextRuns(3).map(rel)).toEqual([2500, 3500, 4500]);
    await clock.advance(4000);
    expect(seen).toEqual([2500, 3500]);
    await scheduler.shutdown();
  });

  it("startAt { anchor } keeps the phase of a past instant", async () => {
    const { clock, scheduler } = setup();
    const job = scheduler.newJob(durationJob(1000), () => {}, { startAt: { anchor: new Date(T0 - 10_300) } });
    scheduler.start();
    expect(job.nextRuns(2).map(rel)).toEqual([700, 1700]);
    await clock.advance(0);
    await scheduler.shutdown();
  });

  it("stopAt: no run at or after it, and the job is removed then", async () => {
    const { clock, scheduler } = setup();
    const seen: number[] = [];
    const job = scheduler.newJob(durationJob(1000), () => void seen.push(clock.now() - T0), { stopAt: new Date(T0 + 3000) });
    scheduler.start();
    expect(job.nextRuns(10).map(rel)).toEqual([1000, 2000]);
    await clock.advance(2999);
    expect(scheduler.jobs().length).toBe(1);
    await clock.advance(1);
    expect(seen).toEqual([1000, 2000]);
    expect(scheduler.jobs().length).toBe(0);
    expect(job.nextRun()).toBe(null);
  });
});

describe("limited runs", () => {
  it("removes the job after n runs", async () => {
    const { clock, scheduler } = setup();
    let runs = 0;
    const job = scheduler.newJob(durationJob(1000), () => void runs++, { limitedRuns: 3 });
    scheduler.start();
    expect(job.nextRuns(10).length).toBe(3);
    await clock.advance(10_000);
    expect(runs).toBe(3);
    expect(scheduler.jobs()).toEqual([]);
  });

  it("skipped runs do not count", async () => {
    const { clock, scheduler } = setup();
    const starts: number[] = [];
    const gate = deferred();
    scheduler.newJob(durationJob(1000), async () => {
      starts.push(clock.now() - T0);
      if (starts.length === 1) await gate.promise;
    }, { limitedRuns: 3, singletonMode: "reschedule" });
    scheduler.start();
    await clock.advance(3000); // runs at 1000; 2000 and 3000 are skipped (still running)
    gate.resolve();
    await clock.advance(3000);
    expect(starts).toEqual([1000, 4000, 5000]);
    expect(scheduler.jobs()).toEqual([]);
  });

  it("runNow counts towards limitedRuns", async () => {
    const { clock, scheduler } = setup();
    let runs = 0;
    const job = scheduler.newJob(durationJob(1000), () => void runs++, { limitedRuns: 2 });
    scheduler.start();
    await job.runNow();
    await clock.advance(5000);
    expect(runs).toBe(2);
    expect(scheduler.jobs()).toEqual([]);
  });
});

describe("runNow", () => {
  it("runs at once, does not move the schedule, and settles when the run ends", async () => {
    const { clock, scheduler } = setup();
    const seen: string[] = [];
    const job = scheduler.newJob(durationJob(1000), async ({ scheduledAt }) => {
      await new Promise<void>((r) => clock.setTimer(r, 100));
      seen.push(`${rel(scheduledAt)}@${clock.now() - T0}`);
    });
    scheduler.start();
    await clock.advance(300);
    const done = job.runNow();
    expect(job.isRunning()).toBe(true);
    await clock.advance(100);
    await done;
    expect(seen).toEqual(["300@400"]);
    expect(rel(job.nextRun())).toBe(1000);
    await clock.advance(1000);
    expect(seen).toEqual(["300@400", "1000@1100"]);
    await scheduler.shutdown();
  });

  it("works before start() and rejects for a removed job", async () => {
    const { scheduler } = setup();
    let runs = 0;
    const job = scheduler.newJob(durationJob(1000), () => void runs++);
    await job.runNow();
    expect(runs).toBe(1);
    scheduler.removeJob(job.id);
    await expect(job.runNow()).rejects.toMatchObject({ code: "JobRunNowFailed" });
  });
});

describe("missed runs", () => {
  it("skip (default): occurrences missed during a stall are dropped; the phase is kept", async () => {
    const { clock, scheduler } = setup();
    const seen: number[] = [];
    const job = scheduler.newJob(durationJob(1000), ({ scheduledAt }) => void seen.push(rel(scheduledAt) as number));
    scheduler.start();
    await clock.advance(1000);
    clock.jump(T0 + 10_500); // the machine slept; the timer fires late
    await clock.advance(0);
    expect(seen).toEqual([1000]);
    expect(rel(job.nextRun())).toBe(11_000);
    await clock.advance(500);
    expect(seen).toEqual([1000, 11_000]);
    await scheduler.shutdown();
  });

  it("a merely late run (its successor not yet due) still runs", async () => {
    const { clock, scheduler } = setup();
    const seen: number[] = [];
    scheduler.newJob(durationJob(1000), ({ scheduledAt }) => void seen.push(clock.now() - (scheduledAt.getTime())));
    scheduler.start();
    clock.jump(T0 + 1700);
    await clock.advance(0);
    expect(seen).toEqual([700]);
    await scheduler.shutdown();
  });

  it("once: the missed occurrences collapse into one catch-up run", async () => {
    const { clock, scheduler } = setup();
    const seen: number[] = [];
    scheduler.newJob(durationJob(1000), () => void seen.push(clock.now() - T0), { missedRuns: "once" });
    scheduler.start();
    clock.jump(T0 + 10_500);
    await clock.advance(0);
    expect(seen).toEqual([10_500]);
    await clock.advance(500);
    expect(seen).toEqual([10_500, 11_000]);
    await scheduler.shutdown();
  });
});

describe("run times", () => {
  it("a run due with others starts when the one before it ended; lastRun and lastRunCompletedAt are exact", async () => {
    const { clock, scheduler } = setup();
    // Each task takes 5 ms of (fake) time, so the three runs due at 1000 start 5 ms apart.
    const slow = (): void => clock.jump(clock.now() + 5);
    const jobs = ["a", "b", "c"].map((name) => scheduler.newJob(durationJob(1000), slow, { name }));
    scheduler.start();
    await clock.advance(1000);
    expect(jobs.map((j) => rel(j.lastRun()))).toEqual([1000, 1005, 1010]);
    expect(jobs.map((j) => rel(j.lastRunCompletedAt()))).toEqual([1005, 1010, 1015]);
    await scheduler.shutdown();
  });

  it("a monitor hook that takes time between two runs delays the next run's start by that much", async () => {
    const { clock, scheduler } = setup({
      // User code between the runs: the next run must not start with a reading taken before it.
      monitor: { jobCompleted: () => clock.jump(clock.now() + 3) },
    });
    const slow = (): void => clock.jump(clock.now() + 5);
    const jobs = ["a", "b"].map((name) => scheduler.newJob(durationJob(1000), slow, { name }));
    scheduler.start();
    await clock.advance(1000);
    expect(jobs.map((j) => rel(j.lastRun()))).toEqual([1000, 1008]);
    expect(jobs.map((j) => rel(j.lastRunCompletedAt()))).toEqual([1005, 1013]);
    await scheduler.shutdown();
  });
});
