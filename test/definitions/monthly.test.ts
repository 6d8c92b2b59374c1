import { describe, expect, it } from "vitest";
import { atTime } from "../../src/definitions/at-time.ts";
import { monthlyJob } from "../../src/definitions/monthly.ts";
import { compile, context, runs } from "./helpers.ts";

const MIDNIGHT = [atTime(0, 0)];

describe("monthlyJob", () => {
  it("skips months without a 31st", () => {
    const schedule = compile(monthlyJob(1, [31], MIDNIGHT), "UTC");
    expect(runs(schedule, "2026-01-01T00:00:00Z", 5)).toEqual([
      "2026-01-31T00:00:00Z", "2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z", "2026-07-31T00:00:00Z", "2026-08-31T00:00:00Z",
    ]);
  });

  it("runs -1 on the last day of every month, leap February included", () => {
    const schedule = compile(monthlyJob(1, [-1], [atTime(23, 59, 59)]), "UTC", "2028-01-15T00:00:00Z");
    expect(runs(schedule, "2028-01-15T00:00:00Z", 4)).toEqual([
      "2028-01-31T23:59:59Z", "2028-02-29T23:59:59Z", "2028-03-31T23:59:59Z", "2028-04-30T23:59:59Z",
    ]);
    expect(runs(compile(monthlyJob(1, [-1], MIDNIGHT), "UTC"), "2027-02-01T00:00:00Z", 1)).toEqual(["2027-02-28T00:00:00Z"]);
  });

  it("runs the 29th of February only in leap years", () => {
    const schedule = compile(monthlyJob(1, [29], MIDNIGHT), "UTC", "2027-01-01T00:00:00Z");
    expect(runs(schedule, "2027-01-01T00:00:00Z", 3)).toEqual(["2027-01-29T00:00:00Z", "2027-03-29T00:00:00Z", "2027-04-29T00:00:00Z"]);
    expect(runs(schedule, "2028-02-01T00:00:00Z", 2)).toEqual(["2028-02-29T00:00:00Z", "2028-03-29T00:00:00Z"]);
  });

  it("skips -31 in months shorter than 31 days (it is the 1st of the long ones)", () => {
    const schedule = compile(monthlyJob(1, [-31], MIDNIGHT), "UTC");
    expect(runs(schedule, "2026-01-01T00:00:00Z", 4)).toEqual([
      "2026-03-01T00:00:00Z", "2026-05-01T00:00:00Z", "2026-07-01T00:00:00Z", "2026-08-01T00:00:00Z",
    ]);
  });

  it("runs a day named twice (31 and -1) once, and several days in order", () => {
    const schedule = compile(monthlyJob(1, [31, -1, 15], MIDNIGHT), "UTC");
    expect(runs(schedule, "2026-04-01T00:00:00Z", 4)).toEqual([
      "2026-04-15T00:00:00Z", "2026-04-30T00:00:00Z", "2026-05-15T00:00:00Z", "2026-05-31T00:00:00Z",
    ]);
    expect(schedule.description).toMatchObject({ type: "monthly", interval: 1, days: [-1, 15, 31] });
  });

  it("counts an interval above 1 from the anchor's month", () => {
    // From February, every other month: Feb, Apr, Jun, Aug, Oct, Dec; only Aug, Oct, Dec have a 31st.
    const every2 = compile(monthlyJob(2, [31], MIDNIGHT), "UTC", "2026-02-10T00:00:00Z");
    expect(runs(every2, "2026-02-10T00:00:00Z", 4)).toEqual([
      "2026-08-31T00:00:00Z", "2026-10-31T00:00:00Z", "2026-12-31T00:00:00Z", "2027-08-31T00:00:00Z",
    ]);
    // Anchored after the 15th: that month's run has passed, the next is three months on.
    const every3 = compile(monthlyJob(3, [15], [atTime(9, 0)]), "Europe/Berlin", "2026-01-20T00:00:00Z");
    expect(runs(every3, "2026-01-20T00:00:00Z", 3)).toEqual(["2026-04-15T07:00:00Z", "2026-07-15T07:00:00Z", "2026-10-15T07:00:00Z"]);
  });

  it("finds the 29th of February every 12 months across a non-leap 2100", () => {
    const schedule = compile(monthlyJob(12, [29], MIDNIGHT), "UTC", "2097-02-01T00:00:00Z");
    expect(runs(schedule, "2097-02-01T00:00:00Z", 2)).toEqual(["2104-02-29T00:00:00Z", "2108-02-29T00:00:00Z"]);
  });

  it("rejects at compile a job whose days never occur in the months it selects", () => {
    const never: [number, number[], string][] = [
      [12, [30], "2026-02-01T00:00:00Z"], // February never has a 30th
      [12, [31], "2026-04-10T00:00:00Z"], // April never has a 31st
      [48, [29], "2027-02-01T00:00:00Z"], // 2027, 2031, 2035 ... are never leap years
      [24, [-30], "2026-02-01T00:00:00Z"], // February has no 30th-from-last day
    ];
    for (const [interval, days, anchor] of never) {
      expect(() => monthlyJob(interval, days, MIDNIGHT).compile(context("UTC", anchor))).toThrow(
        expect.objectContaining({ code: "MonthlyJobDays" }),
      );
    }
    // Every sixth month from February: February and August; August has 31 days, so it fires.
    expect(runs(compile(monthlyJob(6, [-31], MIDNIGHT), "UTC", "2026-02-01T00:00:00Z"), "2026-02-01T00:00:00Z", 1)).toEqual(["2026-08-01T00:00:00Z"]);
    expect(runs(compile(monthlyJob(48, [29], MIDNIGHT), "UTC", "2028-02-01T00:00:00Z"), "2028-02-01T00:00:00Z", 2)).toEqual([
      "2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z",
    ]);
  });
});
