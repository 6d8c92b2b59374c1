import { describe, expect, it } from "vitest";
import { atTime } from "../../src/definitions/at-time.ts";
import { cronJob } from "../../src/definitions/cron.ts";
import { dailyJob } from "../../src/definitions/daily.ts";
import type { DstPolicy } from "../../src/definitions/definition.ts";
import { FakeClock } from "../../src/fake-clock.ts";
import { Scheduler } from "../../src/scheduler.ts";
import { codeOf } from "../scheduler/helpers.ts";

// 2026-03-08: New York springs forward 02:00 EST -> 03:00 EDT, so 02:30 does not exist that day.
describe("per-job dstPolicy", () => {
  for (const schedulerPolicy of ["shift", "skip"] as const) {
    it(`overrides the scheduler's (${schedulerPolicy}); a job without it follows the scheduler`, async () => {
      const clock = new FakeClock(new Date("2026-03-07T00:00:00Z"));
      const scheduler = new Scheduler({ clock, timeZone: "America/New_York", dstPolicy: schedulerPolicy });
      const seen: Record<string, string[]> = { shift: [], skip: [], inherit: [] };
      const add = (key: string, policy?: DstPolicy) => {
        scheduler.newJob(cronJob("30 2 * * *"), () => void seen[key]?.push(new Date(clock.now()).toISOString()), policy ? { dstPolicy: policy } : {});
        scheduler.newJob(dailyJob(1, [atTime(2, 30)]), () => void seen[key]?.push(`daily ${new Date(clock.now()).toISOString()}`), policy ? { dstPolicy: policy } : {});
      };
      add("shift", "shift");
      add("skip", "skip");
      add("inherit");
      scheduler.start();
      await clock.set(new Date("2026-03-10T00:00:00Z"));
      const shifted = ["2026-03-07T07:30:00.000Z", "daily 2026-03-07T07:30:00.000Z", "2026-03-08T07:00:00.000Z", "daily 2026-03-08T07:00:00.000Z", "2026-03-09T06:30:00.000Z", "daily 2026-03-09T06:30:00.000Z"];
      const skipped = ["2026-03-07T07:30:00.000Z", "daily 2026-03-07T07:30:00.000Z", "2026-03-09T06:30:00.000Z", "daily 2026-03-09T06:30:00.000Z"];
      expect(seen["shift"]).toEqual(shifted);
      expect(seen["skip"]).toEqual(skipped);
      expect(seen["inherit"]).toEqual(schedulerPolicy === "shift" ? shifted : skipped);
      await scheduler.shutdown();
    });
  }

  it("a bad policy is WithDstPolicyInvalid", () => {
    const scheduler = new Scheduler({ timeZone: "UTC" });
    for (const bad of ["later", null, 1]) {
      expect(codeOf(() => scheduler.newJob(cronJob("* * * * *"), () => {}, { dstPolicy: bad as DstPolicy }))).toBe("WithDstPolicyInvalid");
    }
  });
});
