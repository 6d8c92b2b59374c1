import { describe, expect, it } from "vitest";
import { durationJob } from "../../src/definitions/duration.ts";
import { T0, errorLogger, recordingMonitor, setup } from "./helpers.ts";

describe("event listeners", () => {
  it("beforeRun, afterRun on success, afterRunError only on failure, in order", async () => {
    const { clock, scheduler } = setup();
    const log: string[] = [];
    let n = 0;
    scheduler.newJob(durationJob(1000), () => {
      log.push("task");
      if (++n === 2) throw new Error("boom");
    }, {
      name: "j",
      on: {
        beforeRun: (job) => void log.push(`before:${job.name}`),
        afterRun: (job) => void log.push(`after:${job.name}`),
        afterRunError: (job, error) => void log.push(`error:${job.name}:${(error as Error).message}`),
      },
    });
    scheduler.start();
    await clock.advance(3000);
    expect(log).toEqual([
      "before:j", "task", "after:j",
      "before:j", "task", "error:j:boom",
      "before:j", "task", "after:j",
    ]);
    await scheduler.shutdown();
  });

  it("shouldRun returning false or throwing skips that run (async too)", async () => {
    const { monitor, events } = recordingMonitor();
    const { clock, scheduler } = setup({ monitor });
    let asked = 0;
    let runs = 0;
    scheduler.newJob(durationJob(1000), () => void runs++, {
      name: "j",
      on: {
        shouldRun: async () => {
          asked++;
          if (asked === 2) return false;
          if (asked === 3) throw new Error("no");
          return true;
        },
      },
    });
    scheduler.start();
    await clock.advance(4000);
    expect(asked).toBe(4);
    expect(runs).toBe(2);
    expect(events.filter((e) => e.startsWith("skipped"))).toEqual(["skipped:j:shouldRun:2000", "skipped:j:shouldRun:3000"]);
    await scheduler.shutdown();
  });

  it("throwing and rejecting tasks and listeners never stop the scheduler; errors are logged", async () => {
    const { logger, errors } = errorLogger();
    const { clock, scheduler } = setup({ logger });
    let runs = 0;
    scheduler.newJob(durationJob(1000), () => { runs++; throw new Error("sync"); }, {
      on: { beforeRun: () => { throw new Error("b"); }, afterRunError: () => { throw new Error("e"); } },
    });
    scheduler.newJob(durationJob(1000), async () => { runs++; throw new Error("async"); }, {
      on: { afterRunError: async () => { throw new Error("ae"); } },
    });
    scheduler.newJob(durationJob(1000), () => void runs++, { on: { afterRun: () => { throw new Error("a"); } } });
    scheduler.start();
    await clock.advance(3000);
    expect(runs).toBe(9);
    expect(errors.length).toBe(12);
    expect(errors[0]).toContain("beforeRun listener failed");
    await scheduler.shutdown();
  });
});

describe("monitor", () => {
  it("hears registration, start with delay, completion with duration, failure, and lifecycle", async () => {
    const { monitor, events } = recordingMonitor();
    const { clock, scheduler } = setup({ monitor });
    let n = 0;
    scheduler.newJob(durationJob(1000), async () => {
      await new Promise<void>((r) => clock.setTimer(r, 250));
      if (++n === 2) throw new Error("bad");
    }, { name: "m", limitedRuns: 2 });
    scheduler.start();
    clock.jump(T0 + 1040); // the timer fires 40 ms late
    await clock.advance(2000);
    expect(events).toEqual([
      "registered:m", "schedulerStarted",
      "started:m:1000:40", "completed:m:250",
      "started:m:2000:0", "failed:m:bad:250",
      "unregistered:m",
    ]);
  });

  it("a throwing monitor hook is logged and ignored", async () => {
    const { logger, errors } = errorLogger();
    const { clock, scheduler } = setup({ logger, monitor: { jobStarted: () => { throw new Error("x"); } } });
    let runs = 0;
    scheduler.newJob(durationJob(1000), () => void runs++);
    scheduler.start();
    await clock.advance(2000);
    expect(runs).toBe(2);
    expect(errors).toEqual(["[isocron] monitor.jobStarted threw", "[isocron] monitor.jobStarted threw"]);
    await scheduler.shutdown();
  });
});
