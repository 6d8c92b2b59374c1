import { describe, expect, it } from "vitest";
import { durationJob } from "../../src/definitions/duration.ts";
import { SchedulerError } from "../../src/errors.ts";
import type { TaskContext } from "../../src/options.ts";
import { T0, rel, recordingMonitor, setup } from "../scheduler/helpers.ts";

describe("timeoutMs", () => {
  it("aborts the signal with JobTimedOut and fails the attempt at that instant (a task that honours it)", async () => {
    const { monitor, events } = recordingMonitor();
    const { clock, scheduler } = setup({ monitor });
    const reasons: string[] = [];
    const listened: string[] = [];
    const job = scheduler.newJob(durationJob(1000), ({ signal }: TaskContext) => new Promise<void>((resolve, reject) => {
      const timer = clock.setTimer(resolve, 5000);
      signal.addEventListener("abort", () => {
        clock.clearTimer(timer);
        reasons.push(`${(signal.reason as SchedulerError).code}@${clock.now() - T0}`);
        reject(signal.reason);
      });
    }), {
      name: "a", timeoutMs: 300, limitedRuns: 1,
      on: { afterRunError: (_j, e) => listened.push(`${(e as SchedulerError).code}@${clock.now() - T0}`), afterRun: () => listened.push("afterRun") },
    });
    scheduler.start();
    await clock.advance(1299);
    expect(reasons).toEqual([]);
    expect(job.isRunning()).toBe(true);
    await clock.advance(1);
    expect(reasons).toEqual(["JobTimedOut@1300"]);
    expect(listened).toEqual(["JobTimedOut@1300"]);
    expect(events.filter((e) => /^(started|failed|completed)/.test(e))).toEqual([
      "started:a:1000:0", "failed:a:[isocron] JobTimedOut: job \"a\" ran past its timeoutMs of 300 ms:300",
    ]);
    expect(rel(job.lastRunCompletedAt())).toBe(1300);
    expect(job.isRunning()).toBe(false);
    await scheduler.shutdown();
  });

  it("a task that ignores its signal keeps its singleton slot until it settles; its late result is ignored", async () => {
    const { monitor, events } = recordingMonitor();
    const { clock, scheduler } = setup({ monitor });
    const starts: number[] = [];
    const errors: string[] = [];
    let successes = 0;
    const job = scheduler.newJob(durationJob(1000), () => {
      starts.push(clock.now() - T0);
      return new Promise<void>((resolve) => clock.setTimer(resolve, 1500));
    }, {
      name: "a", timeoutMs: 300, singletonMode: "reschedule",
      on: { afterRunError: (_j, e) => errors.push(`${(e as SchedulerError).code}@${clock.now() - T0}`), afterRun: () => void successes++ },
    });
    scheduler.start();
    await clock.advance(1300);
    expect(errors).toEqual(["JobTimedOut@1300"]);
    await clock.advance(100);
    expect(job.isRunning()).toBe(true); // the timed-out task still runs: it holds the slot
    await clock.advance(600); // 2000: due while the ignoring task still runs (until 2500)
    expect(events).toContain("skipped:a:singleton:2000");
    await clock.advance(500); // 2500: the task resolves, late: its success is ignored
    expect(job.isRunning()).toBe(false);
    expect(successes).toBe(0);
    expect(events.filter((e) => e.startsWith("completed"))).toEqual([]);
    await clock.advance(500); // 3000 runs again
    expect(starts).toEqual([1000, 3000]);
    expect(errors).toEqual(["JobTimedOut@1300"]);
    await clock.advance(300);
    expect(errors).toEqual(["JobTimedOut@1300", "JobTimedOut@3300"]);
    expect(job.history().map((h) => [h.outcome, h.scheduledAt - T0, h.startedAt - T0, h.endedAt - T0, h.skipReason ?? null])).toEqual([
      ["timeout", 3000, 3000, 3300, null],
      ["skipped", 2000, 2000, 2000, "singleton"],
      ["timeout", 1000, 1000, 1300, null],
    ]);
    await clock.advance(1200);
    await scheduler.shutdown();
  });

  it("the scheduler limit counts a timed-out task until it settles", async () => {
    const { monitor, events } = recordingMonitor();
    const { clock, scheduler } = setup({ monitor, limitConcurrentJobs: { limit: 1, mode: "reschedule" } });
    const starts: string[] = [];
    scheduler.newJob(durationJob(1000), () => {
      starts.push(`a@${clock.now() - T0}`);
      return new Promise<void>((resolve) => clock.setTimer(resolve, 1500));
    }, { name: "a", timeoutMs: 100, limitedRuns: 1 });
    scheduler.newJob(durationJob(2000), () => void starts.push(`b@${clock.now() - T0}`), { name: "b" });
    scheduler.start();
    await clock.advance(2000); // a times out at 1100 but runs until 2500: b at 2000 finds the limit full
    expect(events).toContain("skipped:b:limit:2000");
    await clock.advance(2000);
    expect(starts).toEqual(["a@1000", "b@4000"]);
    await scheduler.shutdown();
  });
});
