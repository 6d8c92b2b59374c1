import { describe, expect, it } from "vitest";
import { durationJob } from "../../src/definitions/duration.ts";
import { cronJob } from "../../src/definitions/cron.ts";
import { oneTimeJob } from "../../src/definitions/one-time.ts";
import { SchedulerError } from "../../src/errors.ts";
import type { JobDefinition } from "../../src/definitions/definition.ts";
import { T0, recordingMonitor, rel, setup } from "./helpers.ts";

describe("start", () => {
  it("nothing runs and nextRun is empty before start(); start() twice is a no-op", async () => {
    const { clock, scheduler } = setup();
    let runs = 0;
    const job = scheduler.newJob(durationJob(1000), () => void runs++);
    await clock.advance(5000);
    expect(runs).toBe(0);
    expect(job.nextRun()).toBe(null);
    scheduler.start();
    scheduler.start();
    expect(clock.pendingTimers()).toBe(1);
    await clock.advance(2000);
    expect(runs).toBe(2);
    await scheduler.shutdown();
  });

  it("keeps one timer for many jobs", async () => {
    const { clock, scheduler } = setup();
    for (let i = 1; i <= 500; i++) scheduler.newJob(durationJob(i * 100), () => {});
    scheduler.start();
    expect(clock.pendingTimers()).toBe(1);
    await clock.advance(10_000);
    expect(clock.pendingTimers()).toBe(1);
    await scheduler.shutdown();
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe("stopJobs and start", () => {
  it("stops runs, aborts running tasks' signals, and start() resumes without catching up", async () => {
    const { monitor, events } = recordingMonitor();
    const { clock, scheduler } = setup({ monitor });
    const seen: number[] = [];
    let aborted = 0;
    scheduler.newJob(durationJob(1000), ({ scheduledAt, signal }) => {
      seen.push(rel(scheduledAt) as number);
      return new Promise<void>((resolve) => {
        signal.addEventListener("abort", () => { aborted++; resolve(); });
        clock.setTimer(resolve, 300);
      });
    }, { name: "a" });
    scheduler.start();
    await clock.advance(2100);
    await scheduler.stopJobs();
    expect(aborted).toBe(1);
    await clock.advance(5000);
    expect(seen).toEqual([1000, 2000]);
    scheduler.start();
    await clock.advance(1000);
    expect(seen).toEqual([1000, 2000, 8000]);
    expect(events.filter((e) => e.startsWith("scheduler"))).toEqual(["schedulerStarted", "schedulerStopped", "schedulerStarted"]);
    await clock.advance(300);
    await scheduler.shutdown();
  });

  it("waits up to stopTimeout for tasks that ignore their signal, then rejects with StopJobsTimedOut", async () => {
    const { clock, scheduler } = setup({ stopTimeout: 5000 });
    let finished = false;
    scheduler.newJob(oneTimeJob("immediately"), () => new Promise<void>((r) => clock.setTimer(() => { finished = true; r(); }, 60_000)));
    scheduler.start();
    await clock.advance(0);
    const stopping = scheduler.stopJobs();
    let outcome: unknown = "pending";
    stopping.then(() => (outcome = "resolved"), (e) => (outcome = e));
    await clock.advance(4999);
    expect(outcome).toBe("pending");
    await clock.advance(1);
    expect(outcome).toBeInstanceOf(SchedulerError);
    expect((outcome as SchedulerError).code).toBe("StopJobsTimedOut");
    expect(finished).toBe(false);
  });

  it("shutdown waits for a task that honours its signal and resolves", async () => {
    const { clock, scheduler } = setup();
    let reason: unknown;
    scheduler.newJob(oneTimeJob("immediately"), ({ signal }) => new Promise<void>((r) => {
      signal.addEventListener("abort", () => { reason = signal.reason; clock.setTimer(r, 100); });
    }));
    scheduler.start();
    await clock.advance(0);
    const done = scheduler.shutdown();
    await clock.advance(100);
    await done;
    expect((reason as SchedulerError).code).toBe("SchedulerShutdown");
  });
});

describe("shutdown", () => {
  it("is final: later calls reject or throw SchedulerShutdown; it is idempotent", async () => {
    const { monitor, events } = recordingMonitor();
    const { scheduler } = setup({ monitor });
    const job = scheduler.newJob(durationJob(1000), () => {}, { name: "a" });
    scheduler.start();
    await scheduler.shutdown();
    await scheduler.shutdown();
    expect(scheduler.jobs()).toEqual([]);
    expect(() => scheduler.newJob(durationJob(1000), () => {})).toThrow(expect.objectContaining({ code: "SchedulerShutdown" }));
    expect(() => scheduler.start()).toThrow(expect.objectContaining({ code: "SchedulerShutdown" }));
    await expect(job.runNow()).rejects.toMatchObject({ code: "SchedulerShutdown" });
    await expect(scheduler.tick(T0)).rejects.toMatchObject({ code: "SchedulerShutdown" });
    await expect(scheduler.stopJobs()).rejects.toMatchObject({ code: "SchedulerShutdown" });
    expect(() => scheduler.update(job.id, durationJob(5), () => {})).toThrow(expect.objectContaining({ code: "SchedulerShutdown" }));
    expect(events).toEqual(["registered:a", "schedulerStarted", "unregistered:a", "schedulerShutdown"]);
  });

  it("await using disposes the scheduler", async () => {
    const { scheduler } = setup();
    scheduler.start();
    await scheduler[Symbol.asyncDispose]();
    expect(() => scheduler.start()).toThrow(expect.objectContaining({ code: "SchedulerShutdown" }));
  });
});

describe("removeJob, removeByTags, update", () => {
  it("removeJob stops the schedule and aborts the running task; unknown id is JobNotFound", async () => {
    const { clock, scheduler } = setup();
    let aborted: unknown = false;
    const job = scheduler.newJob(durationJob(1000), ({ signal }) => new Promise<void>((r) => {
      signal.addEventListener("abort", () => { aborted = signal.reason; r(); });
    }));
    scheduler.start();
    await clock.advance(1000);
    expect(job.isRunning()).toBe(true);
    scheduler.removeJob(job.id);
    await clock.advance(0);
    expect((aborted as SchedulerError).code).toBe("JobRemoved");
    expect(job.isRunning()).toBe(false);
    expect(job.nextRun()).toBe(null);
    expect(scheduler.jobs()).toEqual([]);
    expect(() => scheduler.removeJob(job.id)).toThrow(expect.objectContaining({ code: "JobNotFound" }));
  });

  it("a task that first reads its signal after removeJob sees it aborted", async () => {
    const { clock, scheduler } = setup();
    let seen: unknown = "unread";
    const job = scheduler.newJob(oneTimeJob("immediately"), async (context) => {
      await new Promise<void>((r) => clock.setTimer(r, 500));
      seen = context.signal.aborted && (context.signal.reason as SchedulerError).code;
    });
    scheduler.start();
    await clock.advance(100);
    scheduler.removeJob(job.id);
    await clock.advance(500);
    expect(seen).toBe("JobRemoved");
  });

  it("a task may remove its own job", async () => {
    const { clock, scheduler } = setup();
    let runs = 0;
    scheduler.newJob(durationJob(1000), ({ job }) => {
      runs++;
      if (runs === 2) scheduler.removeJob(job.id);
    });
    scheduler.start();
    await clock.advance(10_000);
    expect(runs).toBe(2);
    expect(scheduler.jobs()).toEqual([]);
  });

  it("removeByTags removes jobs having any of the tags, also from inside a task", async () => {
    const { clock, scheduler } = setup();
    const seen: string[] = [];
    scheduler.newJob(durationJob(1000), () => void seen.push("a"), { name: "a", tags: ["x", "y"] });
    scheduler.newJob(durationJob(1000), () => void seen.push("b"), { name: "b", tags: ["y"] });
    scheduler.newJob(durationJob(1000), () => void seen.push("c"), { name: "c", tags: ["z"] });
    scheduler.newJob(durationJob(1500), () => { seen.push("d"); scheduler.removeByTags("z"); }, { name: "d" });
    scheduler.removeByTags("y", "nope");
    expect(scheduler.jobs().map((j) => j.name)).toEqual(["c", "d"]);
    scheduler.start();
    await clock.advance(3000);
    expect(seen).toEqual(["c", "d", "d"]);
    expect(scheduler.jobs().map((j) => j.name)).toEqual(["d"]);
    await scheduler.shutdown();
  });

  it("update keeps the id and place, replaces schedule and task, aborts the old run", async () => {
    const { clock, scheduler } = setup();
    const seen: string[] = [];
    let abortedOld = false;
    scheduler.newJob(durationJob(1000), () => void seen.push("first"), { name: "first" });
    const job = scheduler.newJob(durationJob(1000), ({ signal }) => new Promise<void>((r) => {
      seen.push("old");
      signal.addEventListener("abort", () => { abortedOld = true; r(); });
    }), { name: "old" });
    scheduler.newJob(durationJob(60_000), () => {}, { name: "last" });
    scheduler.start();
    await clock.advance(1000);
    const updated = scheduler.update(job.id, durationJob(5000), () => void seen.push("new"), { name: "new" });
    expect(updated.id).toBe(job.id);
    expect(scheduler.jobs().map((j) => j.name)).toEqual(["first", "new", "last"]);
    expect(rel(updated.nextRun())).toBe(6000);
    await clock.advance(5000);
    expect(abortedOld).toBe(true);
    expect(seen.filter((s) => s !== "first")).toEqual(["old", "new"]);
    expect(() => scheduler.update("missing", durationJob(1), () => {})).toThrow(expect.objectContaining({ code: "JobNotFound" }));
    await scheduler.shutdown();
  });

  it("aborting the job's own signal removes it and aborts its task", async () => {
    const { clock, scheduler } = setup();
    const controller = new AbortController();
    let taskAborted = false;
    scheduler.newJob(durationJob(1000), ({ signal }) => new Promise<void>((r) => {
      signal.addEventListener("abort", () => { taskAborted = true; r(); });
    }), { signal: controller.signal });
    scheduler.start();
    await clock.advance(1000);
    controller.abort();
    await clock.advance(0);
    expect(taskAborted).toBe(true);
    expect(scheduler.jobs()).toEqual([]);
  });

  it("ids: caller-chosen ids are kept; a duplicate is rejected", () => {
    const { scheduler } = setup();
    const id = "5b0c1f4e-8f7a-4d2b-9a51-0c8f2d7e6a13";
    expect(scheduler.newJob(durationJob(1000), () => {}, { id }).id).toBe(id);
    expect(() => scheduler.newJob(durationJob(1000), () => {}, { id })).toThrow(expect.objectContaining({ code: "JobIdentifierDuplicate" }));
    const generated = scheduler.newJob(durationJob(1000), () => {}).id;
    expect(generated).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("tick(now)", () => {
  it("runs what is due up to now, awaits those runs and returns the next due instant", async () => {
    const { scheduler } = setup();
    const seen: string[] = [];
    scheduler.newJob(cronJob("*/10 * * * * *", { withSeconds: true }), async ({ scheduledAt }) => {
      await Promise.resolve();
      seen.push(`cron@${rel(scheduledAt)}`);
    });
    scheduler.newJob(durationJob(15_000), ({ scheduledAt }) => void seen.push(`dur@${rel(scheduledAt)}`));
    expect(rel(await scheduler.tick(T0))).toBe(10_000);
    expect(seen).toEqual([]);
    expect(rel(await scheduler.tick(T0 + 10_000))).toBe(15_000);
    expect(seen).toEqual(["cron@10000"]);
    expect(rel(await scheduler.tick(new Date(T0 + 20_000)))).toBe(30_000);
    expect(seen).toEqual(["cron@10000", "dur@15000", "cron@20000"]);
  });
});

describe("a definition that throws", () => {
  it("ends its own job, logged; other jobs keep running", async () => {
    const errors: string[] = [];
    const { clock, scheduler } = setup({ logger: { debug() {}, info() {}, warn() {}, error: (m) => void errors.push(m) } });
    let calls = 0;
    const flaky: JobDefinition = {
      type: "duration",
      compile: () => ({
        description: { type: "duration", intervalMs: 1000 },
        next: (after) => {
          if (++calls === 3) throw new Error("broken definition");
          return after + 1000;
        },
      }),
    };
    let flakyRuns = 0;
    let steadyRuns = 0;
    scheduler.newJob(flaky, () => void flakyRuns++, { name: "flaky" });
    scheduler.newJob(durationJob(1000), () => void steadyRuns++);
    scheduler.start();
    await clock.advance(5000);
    expect(flakyRuns).toBe(2);
    expect(steadyRuns).toBe(5);
    expect(scheduler.jobs().map((j) => j.name)).not.toContain("flaky");
    expect(errors).toEqual(['[isocron] job "flaky": its schedule threw; no further runs']);
    await scheduler.shutdown();
  });
});
