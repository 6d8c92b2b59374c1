import { describe, expect, it } from "vitest";
import { FakeClock } from "../../src/fake-clock.ts";
import { Scheduler } from "../../src/scheduler.ts";
import { durationJob } from "../../src/definitions/duration.ts";

describe("smoke", () => {
  it("runs a duration job", async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1));
    const s = new Scheduler({ clock, timeZone: "UTC" });
    const at: number[] = [];
    const job = s.newJob(durationJob(1000), ({ scheduledAt }) => { at.push(scheduledAt.getTime() - Date.UTC(2026, 0, 1)); });
    expect(job.nextRun()).toBe(null);
    s.start();
    expect(job.nextRun()?.getTime()).toBe(Date.UTC(2026, 0, 1) + 1000);
    await clock.advance(3500);
    expect(at).toEqual([1000, 2000, 3000]);
    await s.shutdown();
  });
});
