import { describe, expect, it } from "vitest";
import { durationJob } from "../../src/definitions/duration.ts";
import type { FakeClock } from "../../src/fake-clock.ts";
import { T0, recordingMonitor, setup } from "./helpers.ts";

/** A task that records its start (ms since T0) under `label` and takes `ms` on the fake clock. */
function takes(clock: FakeClock, ms: number, log: string[], label: string) {
  return ({ signal }: { signal: AbortSignal }) => {
    log.push(`${label}@${clock.now() - T0}`);
    return new Promise<void>((r) => {
      clock.setTimer(r, ms);
      signal.addEventListener("abort", () => r());
    });
  };
}

describe("singletonMode", () => {
  it("reschedule: a due run while the job runs is dropped and reported", async () => {
    const { monitor, events } = recordingMonitor();
    const { clock, scheduler } = setup({ monitor });
    const log: string[] = [];
    scheduler.newJob(durationJob(1000), takes(clock, 2500, log, "a"), { name: "a", singletonMode: "reschedule" });
    scheduler.start();
    await clock.advance(7000);
    expect(log).toEqual(["a@1000", "a@4000", "a@7000"]);
    expect(events.filter((e) => e.startsWith("skipped"))).toEqual([
      "skipped:a:singleton:2000", "skipped:a:singleton:3000", "skipped:a:singleton:5000", "skipped:a:singleton:6000",
    ]);
    await clock.advance(2500);
    await scheduler.shutdown();
  });

  it("wait: a due run while the job runs is queued and starts when the run ends", async () => {
    const { clock, scheduler } = setup();
    const log: string[] = [];
    scheduler.newJob(durationJob(1000), takes(clock, 1500, log, "a"), { singletonMode: "wait" });
    scheduler.start();
    await clock.advance(5000);
    // 1000 runs to 2500; 2000 queued, runs 2500-4000; 3000 queued, runs 4000-5500; 4000, 5000 queued
    expect(log).toEqual(["a@1000", "a@2500", "a@4000"]);
    expect(scheduler.jobs()[0]?.isRunning()).toBe(true);
    await scheduler.stopJobs();
  });
});

describe("limitConcurrentJobs", () => {
  it("reschedule: runs beyond the limit are dropped; the monitor hears the limit was reached", async () => {
    const { monitor, events } = recordingMonitor();
    const { clock, scheduler } = setup({ limitConcurrentJobs: { limit: 2, mode: "reschedule" }, monitor });
    const log: string[] = [];
    for (const name of ["a", "b", "c"]) scheduler.newJob(durationJob(1000), takes(clock, 500, log, name), { name });
    scheduler.start();
    await clock.advance(2000);
    expect(log).toEqual(["a@1000", "b@1000", "a@2000", "b@2000"]);
    expect(events.filter((e) => /^(limit|skipped)/.test(e))).toEqual([
      "limit:c:reschedule", "skipped:c:limit:1000", "limit:c:reschedule", "skipped:c:limit:2000",
    ]);
    expect(scheduler.jobsWaitingInQueue()).toBe(0);
    await clock.advance(500);
    await scheduler.shutdown();
  });

  it("wait: runs beyond the limit queue in order and start as slots free", async () => {
    const { clock, scheduler } = setup({ limitConcurrentJobs: { limit: 1, mode: "wait" } });
    const log: string[] = [];
    for (const name of ["a", "b", "c"]) scheduler.newJob(durationJob(10_000), takes(clock, 300, log, name), { name });
    scheduler.start();
    await clock.advance(10_000);
    expect(log).toEqual(["a@10000"]);
    expect(scheduler.jobsWaitingInQueue()).toBe(2);
    await clock.advance(600);
    expect(log).toEqual(["a@10000", "b@10300", "c@10600"]);
    expect(scheduler.jobsWaitingInQueue()).toBe(0);
    await clock.advance(300);
    await scheduler.shutdown();
  });

  it("wait: a singleton job that is already running is skipped, not queued", async () => {
    const { monitor, events } = recordingMonitor();
    const { clock, scheduler } = setup({ limitConcurrentJobs: { limit: 1, mode: "wait" }, monitor });
    const log: string[] = [];
    scheduler.newJob(durationJob(1000), takes(clock, 2500, log, "s"), { name: "s", singletonMode: "wait" });
    scheduler.start();
    await clock.advance(3000);
    expect(log).toEqual(["s@1000"]);
    expect(scheduler.jobsWaitingInQueue()).toBe(0);
    expect(events.filter((e) => e.startsWith("skipped"))).toEqual(["skipped:s:singleton:2000", "skipped:s:singleton:3000"]);
    await clock.advance(1000);
    expect(log).toEqual(["s@1000", "s@4000"]);
    await clock.advance(2500);
    await scheduler.shutdown();
  });

  it("wait: the queue is bounded at 1,000; past that runs are dropped and reported", async () => {
    const { monitor, events } = recordingMonitor();
    const { clock, scheduler } = setup({ limitConcurrentJobs: { limit: 1, mode: "wait" }, monitor });
    const log: string[] = [];
    for (let i = 0; i < 1003; i++) scheduler.newJob(durationJob(60_000), takes(clock, 100_000, log, `j${i}`), { name: `j${i}` });
    scheduler.start();
    await clock.advance(60_000);
    expect(log).toEqual(["j0@60000"]);
    expect(scheduler.jobsWaitingInQueue()).toBe(1000);
    expect(events.filter((e) => e.includes(":queueFull:"))).toEqual(["skipped:j1001:queueFull:60000", "skipped:j1002:queueFull:60000"]);
    await scheduler.stopJobs();
    expect(scheduler.jobsWaitingInQueue()).toBe(0);
  });

  it("runNow honours the limit and settles after the queued run", async () => {
    const { clock, scheduler } = setup({ limitConcurrentJobs: { limit: 1, mode: "wait" } });
    const log: string[] = [];
    const a = scheduler.newJob(durationJob(60_000), takes(clock, 500, log, "a"), { name: "a" });
    const b = scheduler.newJob(durationJob(60_000), takes(clock, 500, log, "b"), { name: "b" });
    let settled = false;
    void a.runNow();
    const bDone = b.runNow().then(() => (settled = true));
    await clock.advance(400);
    expect(log).toEqual(["a@0"]);
    expect(settled).toBe(false);
    await clock.advance(600);
    await bDone;
    expect(log).toEqual(["a@0", "b@500"]);
  });
});
