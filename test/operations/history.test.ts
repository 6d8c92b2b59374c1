import { describe, expect, it } from "vitest";
import { durationJob } from "../../src/definitions/duration.ts";
import type { Elector, Locker } from "../../src/distributed.ts";
import { SchedulerError } from "../../src/errors.ts";
import { Scheduler } from "../../src/scheduler.ts";
import { T0, codeOf, setup } from "../scheduler/helpers.ts";

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
