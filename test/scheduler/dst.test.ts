import { describe, expect, it } from "vitest";
import { atTime } from "../../src/definitions/at-time.ts";
import { cronJob } from "../../src/definitions/cron.ts";
import { dailyJob } from "../../src/definitions/daily.ts";
import { monthlyJob } from "../../src/definitions/monthly.ts";
import { weeklyJob } from "../../src/definitions/weekly.ts";
import type { DstPolicy, JobDefinition } from "../../src/definitions/definition.ts";
import { FakeClock } from "../../src/fake-clock.ts";
import { Scheduler } from "../../src/scheduler.ts";

/** Runs `definition` through a real scheduler on a fake clock and returns the ISO instants it ran at. */
async function runsBetween(definition: () => JobDefinition, from: string, to: string, timeZone: string, dstPolicy: DstPolicy = "shift") {
  const clock = new FakeClock(new Date(from));
  const scheduler = new Scheduler({ clock, timeZone, dstPolicy });
  const seen: string[] = [];
  scheduler.newJob(definition(), () => void seen.push(new Date(clock.now()).toISOString()));
  scheduler.start();
  await clock.set(new Date(to));
  await scheduler.shutdown();
  return seen;
}

// 2026-03-08: New York springs forward 02:00 EST -> 03:00 EDT; 2026-11-01 falls back 02:00 EDT -> 01:00 EST.
describe("the scheduler fires wall-clock jobs by the DST rule (America/New_York)", () => {
  const families: Array<[string, () => JobDefinition]> = [
    ["cron", () => cronJob("30 2 * * *")],
    ["daily", () => dailyJob(1, [atTime(2, 30)])],
    ["weekly", () => weeklyJob(1, [0, 1, 2, 3, 4, 5, 6], [atTime(2, 30)])],
    ["monthly", () => monthlyJob(1, [7, 8, 9], [atTime(2, 30)])],
  ];
  for (const [family, definition] of families) {
    it(`${family}: 02:30 on the spring-forward day runs at 03:00 EDT; "skip" drops it`, async () => {
      const shifted = await runsBetween(definition, "2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z", "America/New_York");
      expect(shifted).toEqual(["2026-03-07T07:30:00.000Z", "2026-03-08T07:00:00.000Z", "2026-03-09T06:30:00.000Z"]);
      const skipped = await runsBetween(definition, "2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z", "America/New_York", "skip");
      expect(skipped).toEqual(["2026-03-07T07:30:00.000Z", "2026-03-09T06:30:00.000Z"]);
    });
  }

  it("a fixed time in the repeated hour runs once (the first); a wildcard hour runs in both", async () => {
    const fixed = await runsBetween(() => dailyJob(1, [atTime(1, 30)]), "2026-11-01T04:00:00Z", "2026-11-01T08:00:00Z", "America/New_York");
    expect(fixed).toEqual(["2026-11-01T05:30:00.000Z"]);
    const cronFixed = await runsBetween(() => cronJob("30 1 * * *"), "2026-11-01T04:00:00Z", "2026-11-01T08:00:00Z", "America/New_York");
    expect(cronFixed).toEqual(["2026-11-01T05:30:00.000Z"]);
    const wildcard = await runsBetween(() => cronJob("0 */30 * * * *", { withSeconds: true }), "2026-11-01T05:00:00Z", "2026-11-01T07:00:00Z", "America/New_York");
    expect(wildcard).toEqual(["2026-11-01T05:30:00.000Z", "2026-11-01T06:00:00.000Z", "2026-11-01T06:30:00.000Z", "2026-11-01T07:00:00.000Z"]);
  });
});

describe("half-hour shifts (Australia/Lord_Howe)", () => {
  it("02:15 on 2026-10-04 runs at 02:30 +11:00 through the scheduler", async () => {
    const seen = await runsBetween(() => dailyJob(1, [atTime(2, 15)]), "2026-10-03T00:00:00Z", "2026-10-05T00:00:00Z", "Australia/Lord_Howe");
    // 02:15 does not exist on 2026-10-04 (+10:30 -> +11:00 at 02:00): it runs at 02:30 +11:00.
    expect(seen).toEqual(["2026-10-03T15:30:00.000Z", "2026-10-04T15:15:00.000Z"]);
  });
});
