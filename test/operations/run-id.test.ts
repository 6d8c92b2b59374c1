import { describe, expect, it } from "vitest";
import { cronJob } from "../../src/definitions/cron.ts";
import { durationJob } from "../../src/definitions/duration.ts";
import { FakeClock } from "../../src/fake-clock.ts";
import type { TaskContext } from "../../src/options.ts";
import { Scheduler } from "../../src/scheduler.ts";
import { T0, codeOf, setup } from "../scheduler/helpers.ts";

describe("runId, attempt and instanceId", () => {
  it("runId is <name>@<scheduledAt epoch ms>, equal on two schedulers for one occurrence", async () => {
    const clock = new FakeClock(T0);
    const seen: string[] = [];
    const schedulers = ["one", "two"].map((instanceId) => new Scheduler({ clock, timeZone: "UTC", instanceId }));
    for (const s of schedulers) {
      s.newJob(cronJob("*/5 * * * * *", { withSeconds: true }), (c: TaskContext) => void seen.push(`${s.instanceId}:${c.runId}:${c.attempt}`), { name: "report" });
      s.start();
    }
    await clock.advance(10_000);
    expect(seen).toEqual([
      `one:report@${T0 + 5000}:1`, `two:report@${T0 + 5000}:1`,
      `one:report@${T0 + 10_000}:1`, `two:report@${T0 + 10_000}:1`,
    ]);
    const [one, two] = schedulers.map((s) => s.jobs()[0]!.history()[0]!);
    expect(one!.runId).toBe(two!.runId);
    expect([one!.instanceId, two!.instanceId]).toEqual(["one", "two"]);
    for (const s of schedulers) await s.shutdown();
  });

  it("runNow gets a fresh id each time", async () => {
    const { scheduler } = setup();
    const ids: string[] = [];
    const job = scheduler.newJob(durationJob(60_000), (c: TaskContext) => void ids.push(c.runId), { name: "n" });
    await job.runNow();
    await job.runNow();
    expect(ids).toHaveLength(2);
    expect(ids[0]).toMatch(/^n@runNow-[0-9a-f-]{36}$/);
    expect(ids[0]).not.toBe(ids[1]);
    expect(job.history().map((h) => h.runId)).toEqual([ids[1], ids[0]]);
    await scheduler.shutdown();
  });

  it("instanceId defaults to a random UUID; a bad one is WithInstanceIdInvalid", () => {
    const a = new Scheduler().instanceId;
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Scheduler().instanceId).not.toBe(a);
    for (const bad of ["", 5, null, "x".repeat(201)]) {
      expect(codeOf(() => new Scheduler({ instanceId: bad as string }))).toBe("WithInstanceIdInvalid");
    }
  });
});
