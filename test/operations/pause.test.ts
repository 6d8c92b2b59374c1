import { describe, expect, it } from "vitest";
import { durationJob } from "../../src/definitions/duration.ts";
import { FakeClock } from "../../src/fake-clock.ts";
import type { Monitor } from "../../src/monitor.ts";
import type { TaskContext } from "../../src/options.ts";
import { Scheduler } from "../../src/scheduler.ts";
import { MemoryStateStore } from "../../src/state-store.ts";
import { T0, deferred, recordingMonitor, rel, setup } from "../scheduler/helpers.ts";

/** A task logging its start, ms since T0. */
const starts = (clock: FakeClock, log: number[]) => () => void log.push(clock.now() - T0);

describe("pause and resume", () => {
  it("a paused job leaves the queue; resume schedules the next occurrence after now, skipping those that fell while paused", async () => {
    const { monitor, events } = recordingMonitor();
    const paused: string[] = [];
    const { clock, scheduler } = setup({ monitor: { ...monitor, jobPaused: (j) => void paused.push(`paused:${j.name}`), jobResumed: (j) => void paused.push(`resumed:${j.name}`) } as Monitor });
    const log: number[] = [];
    const job = scheduler.newJob(durationJob(1000), starts(clock, log), { name: "a", missedRuns: "once" });
    scheduler.start();
    await clock.advance(2500);
    job.pause();
    expect(job.isPaused()).toBe(true);
    expect(job.nextRun()).toBeNull();
    expect(job.nextRuns(3)).toEqual([]);
    expect(clock.pendingTimers()).toBe(0); // a paused job costs no timer
    await clock.advance(5000); // 3000..7000 fall while paused
    job.resume();
    expect(job.isPaused()).toBe(false);
    expect(rel(job.nextRun())).toBe(8000);
    await clock.advance(1500);
    expect(log).toEqual([1000, 2000, 8000, 9000]);
    expect(paused).toEqual(["paused:a", "resumed:a"]);
    expect(events.filter((e) => e.startsWith("skipped"))).toEqual([]);
    job.pause();
    job.pause(); // idempotent: heard once
    expect(paused).toEqual(["paused:a", "resumed:a", "paused:a"]);
    await scheduler.shutdown();
  });

  it("a run in progress is not aborted; queued runs are dropped as paused; runNow still runs", async () => {
    const { monitor, events } = recordingMonitor();
    const { clock, scheduler } = setup({ monitor });
    const gate = deferred();
    const signals: boolean[] = [];
    let runs = 0;
    const job = scheduler.newJob(durationJob(1000), async ({ signal }: TaskContext) => {
      runs++;
      if (runs === 1) await gate.promise;
      signals.push(signal.aborted);
    }, { name: "a", singletonMode: "wait" });
    scheduler.start();
    await clock.advance(2000); // the 2000 run queues behind the 1000 one
    job.pause();
    expect(events).toContain("skipped:a:paused:2000");
    expect(job.isRunning()).toBe(true);
    gate.resolve();
    await clock.flush();
    expect(signals).toEqual([false]);
    await clock.advance(3000);
    expect(runs).toBe(1);
    await job.runNow();
    expect(runs).toBe(2);
    expect(job.isPaused()).toBe(true);
    await scheduler.shutdown();
  });

  it("stays paused across stopJobs()/start(); resumed while stopped, it runs after start()", async () => {
    const { clock, scheduler } = setup();
    const log: number[] = [];
    const job = scheduler.newJob(durationJob(1000), starts(clock, log), { name: "a" });
    job.pause(); // before start: never scheduled
    scheduler.start();
    expect(job.nextRun()).toBeNull();
    await clock.advance(2000);
    await scheduler.stopJobs();
    scheduler.start();
    await clock.advance(2000);
    expect(log).toEqual([]);
    await scheduler.stopJobs();
    job.resume();
    await clock.advance(1000); // stopped: nothing runs
    scheduler.start();
    await clock.advance(2000);
    expect(log).toEqual([6000, 7000]);
    await scheduler.shutdown();
  });

  it("update() keeps a job paused and keeps its history", async () => {
    const { clock, scheduler } = setup();
    const log: number[] = [];
    const job = scheduler.newJob(durationJob(1000), starts(clock, log), { name: "a" });
    scheduler.start();
    await clock.advance(1000);
    job.pause();
    const updated = scheduler.update(job.id, durationJob(500), starts(clock, log), { name: "a" });
    expect(updated.isPaused()).toBe(true);
    expect(updated.nextRun()).toBeNull();
    await clock.advance(2000);
    expect(log).toEqual([1000]);
    expect(updated.history().map((h) => h.scheduledAt - T0)).toEqual([1000]);
    updated.resume();
    await clock.advance(500);
    expect(log).toEqual([1000, 3500]);
    await scheduler.shutdown();
  });

  it("a paused job still ends at its stopAt", async () => {
    const { monitor, events } = recordingMonitor();
    const { clock, scheduler } = setup({ monitor });
    const log: number[] = [];
    const job = scheduler.newJob(durationJob(1000), starts(clock, log), { name: "a", stopAt: new Date(T0 + 5000) });
    scheduler.start();
    await clock.advance(1000);
    job.pause();
    expect(job.nextRun()).toBeNull();
    await clock.advance(3999);
    expect(scheduler.jobs()).toEqual([job]);
    await clock.advance(1);
    expect(scheduler.jobs()).toEqual([]);
    expect(log).toEqual([1000]);
    expect(events).toContain("unregistered:a");
    await scheduler.shutdown();
  });

  it("pauseByTags and resumeByTags", async () => {
    const { clock, scheduler } = setup();
    const log: string[] = [];
    for (const [name, tags] of [["a", ["x"]], ["b", ["y"]], ["c", ["x", "y"]]] as const) {
      scheduler.newJob(durationJob(1000), () => void log.push(`${name}${clock.now() - T0}`), { name, tags: [...tags] });
    }
    scheduler.start();
    scheduler.pauseByTags("x");
    await clock.advance(1000);
    expect(scheduler.jobs().map((j) => j.isPaused())).toEqual([true, false, true]);
    scheduler.resumeByTags("y", "z");
    await clock.advance(1000);
    expect(log).toEqual(["b1000", "b2000", "c2000"]);
    await scheduler.shutdown();
    expect(() => scheduler.pauseByTags("x")).toThrow(expect.objectContaining({ code: "SchedulerShutdown" }));
  });

  it("a restarted host keeps a paused job paused (stateStore); older stored states without the flag still load", async () => {
    const clock = new FakeClock(T0);
    const store = new MemoryStateStore();
    const first = new Scheduler({ clock, timeZone: "UTC", stateStore: store });
    const log: string[] = [];
    first.newJob(durationJob(1000), () => void log.push(`1:${clock.now() - T0}`), { name: "a" }).pause();
    first.start();
    await clock.advance(1500);
    expect(store.states.get("a")).toMatchObject({ paused: true, nextRun: null });
    await first.shutdown();

    const second = new Scheduler({ clock, timeZone: "UTC", stateStore: store });
    const job = second.newJob(durationJob(1000), () => void log.push(`2:${clock.now() - T0}`), { name: "a" });
    expect(await second.tick(T0 + 3000)).toBeNull();
    expect(job.isPaused()).toBe(true);
    second.start();
    await clock.advance(3000);
    expect(log).toEqual([]);
    job.resume();
    await clock.flush();
    expect(store.states.get("a")).toMatchObject({ nextRun: T0 + 5000 });
    expect(store.states.get("a")?.paused).toBeUndefined();
    await clock.advance(1000);
    expect(log).toEqual(["2:5000"]);
    await second.shutdown();

    // A state saved before pausing existed (no `paused` field) loads as not paused.
    const old = new MemoryStateStore();
    old.states.set("b", { nextRun: T0 + 6000, lastRun: T0 + 1000, lastRunCompletedAt: T0 + 1000, runs: 3 });
    const third = new Scheduler({ clock, timeZone: "UTC", stateStore: old });
    const b = third.newJob(durationJob(1000), () => void log.push(`3:${clock.now() - T0}`), { name: "b" });
    third.start();
    await clock.advance(1000);
    expect(b.isPaused()).toBe(false);
    expect(log).toEqual(["2:5000", "3:6000"]);
    await third.shutdown();
  });
});
