import { describe, expect, it } from "vitest";
import { durationJob } from "../../src/definitions/duration.ts";
import type { Elector, Locker } from "../../src/distributed.ts";
import { SchedulerError } from "../../src/errors.ts";
import { Scheduler } from "../../src/scheduler.ts";
import type { RunRecord } from "../../src/history.ts";
import { T0, codeOf, deferred, setup } from "../scheduler/helpers.ts";

describe("job.history()", () => {
  it("keeps the last historySize runs, newest first", async () => {
    const { clock, scheduler } = setup({ historySize: 3, instanceId: "host-1" });
    let n = 0;
    const job = scheduler.newJob(durationJob(1000), () => {
      n++;
      clock.jump(clock.now() + 10 * n); // a run that takes 10 * n ms (jump moves the clock without firing timers)
    }, { name: "a" });
    expect(job.history()).toEqual([]);
    scheduler.start();
    await clock.advance(5000);
    expect(job.history()).toEqual([5, 4, 3].map((k) => ({
      runId: `a@${T0 + k * 1000}`, scheduledAt: T0 + k * 1000, startedAt: T0 + k * 1000,
      endedAt: T0 + k * 1000 + 10 * k, durationMs: 10 * k, outcome: "success", attempts: 1, instanceId: "host-1",
    })));
    await scheduler.shutdown();
  });

  it("records errors as { name, message, code? }: no stack, message cut to 200 characters, credentials masked; survives JSON", async () => {
    const { clock, scheduler } = setup();
    const errors: unknown[] = [
      new SchedulerError("JobRemoved", "gone"),
      Object.assign(new TypeError(`fetch https://user:hunter2@example.com/x failed, token=abc123 ${"y".repeat(300)}`), { code: 42 }),
      "a thrown string",
    ];
    let i = 0;
    const job = scheduler.newJob(durationJob(1000), () => { throw errors[i++]; }, { name: "e" });
    scheduler.start();
    await clock.advance(3000);
    const h = job.history();
    expect(h.map((r) => r.outcome)).toEqual(["error", "error", "error"]);
    expect(h[2]?.error).toEqual({ name: "SchedulerError", message: "[isocron] JobRemoved: gone", code: "JobRemoved" });
    const e1 = h[1]?.error;
    expect(e1?.name).toBe("TypeError");
    expect(e1?.code).toBe("42");
    expect(e1?.message.length).toBeLessThanOrEqual(200);
    expect(e1?.message).toContain("https://***@example.com/x");
    expect(e1?.message).toContain("token=***");
    expect(e1?.message).not.toContain("hunter2");
    expect(e1?.message).not.toContain("abc123");
    expect(h[0]?.error).toEqual({ name: "Error", message: "a thrown string" });
    expect(JSON.stringify(h)).not.toContain("at ");
    expect(JSON.parse(JSON.stringify(h))).toEqual(h);
    await scheduler.shutdown();
  });

  it("records skips with their reason (singleton, missed, lockError) but not locked or notLeader", async () => {
    const { clock, scheduler } = setup();
    const held = scheduler.newJob(durationJob(1000), () => new Promise<void>((r) => clock.setTimer(r, 1500)), { name: "s", singletonMode: "reschedule", limitedRuns: 2 });
    const missed = scheduler.newJob(durationJob(1000), () => {}, { name: "m", limitedRuns: 2 });
    let answer: "grant" | "deny" | "fail" = "deny";
    const locker: Locker = { lock: async () => { if (answer === "fail") throw new Error("down"); return answer === "deny" ? null : { unlock: async () => {} }; } };
    const locked = scheduler.newJob(durationJob(1000), () => {}, { name: "l", locker });
    scheduler.start();
    await clock.advance(2000);
    answer = "fail";
    await clock.advance(1000);
    clock.jump(T0 + 5500); // asleep past 4000 and 5000
    await clock.advance(0);
    expect(held.history().map((r) => [r.outcome, r.scheduledAt - T0, r.startedAt - T0, r.skipReason ?? null, r.attempts])).toEqual([
      // newest first by when each ended: the 1000 run ended at 2500, after the 2000 skip
      ["success", 3000, 3000, null, 1], ["success", 1000, 1000, null, 1], ["skipped", 2000, 2000, "singleton", 0],
    ]);
    expect(missed.history().map((r) => [r.outcome, r.scheduledAt - T0, r.skipReason ?? null])).toEqual([
      ["success", 2000, null], ["success", 1000, null],
    ]);
    expect(locked.history().map((r) => [r.outcome, r.scheduledAt - T0, r.skipReason ?? null])).toEqual([
      ["skipped", 4000, "missed"], ["skipped", 3000, "lockError"],
    ]);
    await scheduler.shutdown();

    const follower: Elector = { isLeader: async () => false };
    const f = setup({ elector: follower });
    const job = f.scheduler.newJob(durationJob(1000), () => {}, { name: "f" });
    f.scheduler.start();
    await f.clock.advance(3000);
    expect(job.history()).toEqual([]);
    await f.scheduler.shutdown();
  });

  it("jobs sharing history blocks keep their own runs: 40 jobs, two schedulers of other sizes interleaved, late starters, errors in some, an update", async () => {
    // Jobs take lanes in blocks of up to 16 on their first runs (src/history.ts): 40 jobs span
    // three blocks, and a second scheduler (historySize 2) opens blocks of its own in between.
    const a = setup({ historySize: 3, instanceId: "a" });
    const b = setup({ historySize: 2, instanceId: "b" });
    const jobs = Array.from({ length: 40 }, (_, k) => a.scheduler.newJob(durationJob(1000), () => {
      if (k % 7 === 0 && a.clock.now() === T0 + 2000) throw new Error(`boom ${k}`);
    }, { name: `a${k}`, ...(k >= 30 ? { startAt: new Date(T0 + 2500) } : {}) }));
    const other = Array.from({ length: 20 }, (_, k) => b.scheduler.newJob(durationJob(500), () => {}, { name: `b${k}` }));
    a.scheduler.start();
    b.scheduler.start();
    for (let t = 1; t <= 9; t++) {
      await a.clock.advance(500);
      await b.clock.advance(500);
    }
    const ok = (name: string, at: number) => ({
      runId: `${name}@${T0 + at}`, scheduledAt: T0 + at, startedAt: T0 + at, endedAt: T0 + at, durationMs: 0, outcome: "success", attempts: 1, instanceId: "a",
    });
    for (const [k, job] of jobs.entries()) {
      const name = `a${k}`;
      const expected = k >= 30 ? [ok(name, 4500), ok(name, 3500), ok(name, 2500)]
        : [ok(name, 4000), ok(name, 3000), k % 7 === 0 ? { ...ok(name, 2000), outcome: "error", error: { name: "Error", message: `boom ${k}` } } : ok(name, 2000)];
      expect(job.history(), name).toEqual(expected);
    }
    for (const [k, job] of other.entries()) {
      expect(job.history().map((r) => [r.runId, r.instanceId]), `b${k}`).toEqual([[`b${k}@${T0 + 4500}`, "b"], [`b${k}@${T0 + 4000}`, "b"]]);
    }
    // An update keeps the job's lane: its history goes on where it was, its neighbours' stay theirs.
    const updated = a.scheduler.update(jobs[7]!.id, durationJob(1000), () => { throw new Error("after update"); }, { name: "a7" });
    await a.clock.advance(1000);
    expect(updated.history().map((r) => [r.scheduledAt - T0, r.outcome, r.error?.message ?? null])).toEqual([
      [5500, "error", "after update"], [4000, "success", null], [3000, "success", null],
    ]);
    expect(jobs[8]!.history().map((r) => [r.scheduledAt - T0, r.outcome, r.error ?? null])).toEqual([
      [5000, "success", null], [4000, "success", null], [3000, "success", null],
    ]);
    await a.scheduler.shutdown();
    await b.scheduler.shutdown();
  });

  it("a run in flight when its job is updated is recorded in the updated job's history, which both handles show", async () => {
    const { clock, scheduler } = setup({ historySize: 3 });
    const held = deferred();
    const old = scheduler.newJob(durationJob(1000), () => held.promise, { name: "u", singletonMode: "reschedule" });
    scheduler.start();
    await clock.advance(1000); // the run due at 1000 starts and waits
    const updated = scheduler.update(old.id, durationJob(1000), () => {}, { name: "u" });
    clock.jump(T0 + 1200);
    held.resolve();
    await clock.advance(800); // the old run ends at 1200; the updated job runs at 2000
    const seen = (h: RunRecord[]) => h.map((r) => [r.scheduledAt - T0, r.endedAt - T0, r.outcome]);
    expect(seen(updated.history())).toEqual([[2000, 2000, "success"], [1000, 1200, "success"]]);
    expect(old.history()).toEqual(updated.history());
    await scheduler.shutdown();
  });

  it("historySize 1000 (one job a block): two jobs each keep exactly their last 1,000 runs", async () => {
    const { clock, scheduler } = setup({ historySize: 1000 });
    const a = scheduler.newJob(durationJob(1000), () => {}, { name: "a" });
    const b = scheduler.newJob(durationJob(1000), () => { throw new Error("b"); }, { name: "b" });
    scheduler.start();
    await clock.advance(1_002_000);
    for (const [job, outcome] of [[a, "success"], [b, "error"]] as const) {
      const h = job.history();
      expect(h.length).toBe(1000);
      expect([h[0]?.scheduledAt, h[999]?.scheduledAt]).toEqual([T0 + 1_002_000, T0 + 3000]);
      expect(h.every((r, k) => r.scheduledAt === T0 + (1002 - k) * 1000 && r.outcome === outcome)).toBe(true);
    }
    await scheduler.shutdown();
  });

  it("historySize 0 turns it off; historySize is validated", async () => {
    const { clock, scheduler } = setup({ historySize: 0 });
    const job = scheduler.newJob(durationJob(1000), () => {}, { name: "a" });
    scheduler.start();
    await clock.advance(3000);
    expect(job.history()).toEqual([]);
    await scheduler.shutdown();
    for (const bad of [-1, 1.5, 1001, null, "20", Number.NaN]) {
      expect(codeOf(() => new Scheduler({ historySize: bad as number }))).toBe("WithHistorySizeInvalid");
    }
  });
});
