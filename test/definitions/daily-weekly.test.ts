import { describe, expect, it } from "vitest";
import { atTime } from "../../src/definitions/at-time.ts";
import { dailyJob } from "../../src/definitions/daily.ts";
import { weeklyJob } from "../../src/definitions/weekly.ts";
import { compile, runs } from "./helpers.ts";

describe("dailyJob", () => {
  it("runs at each time of each day, sorted and without duplicates", () => {
    const schedule = compile(dailyJob(1, [atTime(17, 30), atTime(9, 0), atTime(9, 0, 0)]), "UTC");
    expect(runs(schedule, "2026-01-01T00:00:00Z", 4)).toEqual([
      "2026-01-01T09:00:00Z", "2026-01-01T17:30:00Z", "2026-01-02T09:00:00Z", "2026-01-02T17:30:00Z",
    ]);
    expect(schedule.description).toEqual({
      type: "daily", interval: 1, timeZone: "UTC",
      atTimes: [{ hours: 9, minutes: 0, seconds: 0 }, { hours: 17, minutes: 30, seconds: 0 }],
    });
  });

  it("is strictly after: a run exactly at `after` is not returned", () => {
    const schedule = compile(dailyJob(1, [atTime(9, 0, 15)]), "UTC");
    expect(runs(schedule, "2026-01-01T09:00:15Z", 1)).toEqual(["2026-01-02T09:00:15Z"]);
    expect(runs(schedule, "2026-01-01T09:00:14.999Z", 1)).toEqual(["2026-01-01T09:00:15Z"]);
  });

  it("counts an interval above 1 from the anchor's day", () => {
    const schedule = compile(dailyJob(3, [atTime(9, 0)]), "UTC", "2026-01-01T10:00:00Z");
    // 09:00 on the anchor day has passed, so the first run is three days later.
    expect(runs(schedule, "2026-01-01T10:00:00Z", 3)).toEqual(["2026-01-04T09:00:00Z", "2026-01-07T09:00:00Z", "2026-01-10T09:00:00Z"]);
    // The phase holds wherever the search starts.
    expect(runs(schedule, "2026-01-05T00:00:00Z", 1)).toEqual(["2026-01-07T09:00:00Z"]);
    expect(runs(schedule, "2025-12-28T00:00:00Z", 1)).toEqual(["2025-12-29T09:00:00Z"]);
    expect(runs(schedule, "2025-12-30T00:00:00Z", 1)).toEqual(["2026-01-01T09:00:00Z"]);
  });

  it("takes the anchor's day in the job's zone, not in UTC", () => {
    // 2026-01-01T03:00Z is 22:00 on 2025-12-31 in New York: days 12-31, 01-02, 01-04 ...
    const schedule = compile(dailyJob(2, [atTime(9, 0)]), "America/New_York", "2026-01-01T03:00:00Z");
    expect(runs(schedule, "2026-01-01T03:00:00Z", 2)).toEqual(["2026-01-02T14:00:00Z", "2026-01-04T14:00:00Z"]);
  });

  it("crosses a leap day", () => {
    const schedule = compile(dailyJob(1, [atTime(12, 0)]), "Asia/Tokyo");
    expect(runs(schedule, "2028-02-28T04:00:00Z", 2)).toEqual(["2028-02-29T03:00:00Z", "2028-03-01T03:00:00Z"]);
  });
});

describe("weeklyJob", () => {
  it("runs on the given weekdays (0 = Sunday)", () => {
    const schedule = compile(weeklyJob(1, [5, 1, 3, 1], [atTime(8, 0)]), "UTC");
    // 2026-01-01 is a Thursday.
    expect(runs(schedule, "2026-01-01T00:00:00Z", 4)).toEqual([
      "2026-01-02T08:00:00Z", "2026-01-05T08:00:00Z", "2026-01-07T08:00:00Z", "2026-01-09T08:00:00Z",
    ]);
    expect(schedule.description).toMatchObject({ type: "weekly", interval: 1, weekdays: [1, 3, 5], timeZone: "UTC" });
  });

  it("counts Sunday-start weeks from the anchor's week for an interval above 1", () => {
    // Anchor Wednesday 2026-01-07; its week starts Sunday 01-04; then weeks of 01-18, 02-01.
    const schedule = compile(weeklyJob(2, [1, 5], [atTime(8, 0)]), "UTC", "2026-01-07T12:00:00Z");
    expect(runs(schedule, "2026-01-07T12:00:00Z", 4)).toEqual([
      "2026-01-09T08:00:00Z", "2026-01-19T08:00:00Z", "2026-01-23T08:00:00Z", "2026-02-02T08:00:00Z",
    ]);
    // Sunday is the first day of a week: interval 2 on Sundays from that anchor.
    const sundays = compile(weeklyJob(2, [0, 6], [atTime(8, 0)]), "UTC", "2026-01-07T12:00:00Z");
    expect(runs(sundays, "2026-01-07T12:00:00Z", 3)).toEqual(["2026-01-10T08:00:00Z", "2026-01-18T08:00:00Z", "2026-01-24T08:00:00Z"]);
  });

  it("handles a long interval", () => {
    const schedule = compile(weeklyJob(52, [3], [atTime(0, 0)]), "UTC", "2026-01-01T00:00:00Z");
    expect(runs(schedule, "2026-01-01T00:00:00Z", 2)).toEqual(["2026-12-30T00:00:00Z", "2027-12-29T00:00:00Z"]);
  });
});
