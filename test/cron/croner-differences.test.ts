// Where isocron's cron syntax deliberately differs from croner 11's, each pinned with both
// behaviours. Everything else (test/cron/differential.test.ts) reads and runs the same.
import { Cron } from "croner";
import { describe, expect, it } from "vitest";
import { cronJob } from "../../src/definitions/cron.ts";
import { SchedulerError } from "../../src/errors.ts";
import { compile, runs } from "../definitions/helpers.ts";

function parseError(pattern: string, withSeconds = false): string {
  try {
    cronJob(pattern, { withSeconds });
  } catch (error) {
    if (error instanceof SchedulerError && error.code === "CronJobParse") return error.message;
    throw error;
  }
  throw new Error(`isocron accepted ${pattern}`);
}

/** croner 11 as isocron's old engine configured it for `a/s` patterns (`sloppyRanges`), or plain. */
const croner = (pattern: string, sloppyRanges: boolean, withSeconds = false) =>
  new Cron(pattern, { paused: true, timezone: "UTC", mode: withSeconds ? "6-part" : "5-part", domAndDow: false, sloppyRanges });
const FROM = "2026-01-01T00:00:00Z";
const cronerRuns = (cron: Cron, count: number) => cron.nextRuns(count, new Date(FROM)).map((d) => d.toISOString().replace(".000Z", "Z"));
const isocronRuns = (pattern: string, count: number) => runs(compile(cronJob(pattern), "UTC", FROM), FROM, count);

describe("a value/step that starts above the field's range", () => {
  // croner takes `24/2` as "from 24 to 23 by 2": an empty set, a job that silently never runs.
  // isocron says which item is wrong.
  // [pattern, withSeconds, croner's name for the field, isocron's reason]
  const cases: Array<[string, boolean, string, string]> = [
    ["0 24/2 * * *", false, "hour", 'hour "24/2" is out of range 0-23'],
    ["60/5 * * * *", false, "minute", 'minute "60/5" is out of range 0-59'],
    ["60/5 * * * * *", true, "second", 'second "60/5" is out of range 0-59'],
    ["0 0 32/2 * *", false, "day", 'day-of-month "32/2" is out of range 1-31'],
    ["0 0 * 13/2 *", false, "month", 'month "13/2" is out of range 1-12'],
    ["0 0 * * 8/2", false, "dayOfWeek", 'day-of-week "8/2" is out of range 0-7'],
    // 7 is Sunday as a value or a range end, but a step counts up from it past Saturday.
    ["0 0 * * 7/2", false, "dayOfWeek", 'day-of-week "7/2" runs backwards (7 > 6)'],
    ["0 0 * * 7/1", false, "dayOfWeek", 'day-of-week "7/1" runs backwards (7 > 6)'],
  ];
  for (const [pattern, withSeconds, field, reason] of cases) {
    it(`${pattern}: isocron CronJobParse, croner accepts it and never runs`, () => {
      expect(parseError(pattern, withSeconds)).toContain(reason);
      const cron = croner(pattern, true, withSeconds);
      // croner's parsed field selects no value at all (asking it for a run with an empty minute
      // or second field searches for minutes, so only the cheap fields are asked).
      const selected = (cron as unknown as { _states: { pattern: Record<string, number[]> } })._states.pattern[field];
      expect(selected?.length).toBeGreaterThan(6);
      expect(selected?.some((v) => v !== 0)).toBe(false);
      if (field !== "minute" && field !== "second") expect(cron.nextRun(new Date(FROM))).toBeNull();
    });
  }

  it("in a list, croner drops the item silently; isocron still rejects the pattern", () => {
    expect(cronerRuns(croner("0 5,24/2 * * *", true), 2)).toEqual(["2026-01-01T05:00:00Z", "2026-01-02T05:00:00Z"]);
    expect(parseError("0 5,24/2 * * *")).toContain('hour "24/2" is out of range 0-23');
  });
});

describe("a value/step is always read (robfig/cron, gocron), names included", () => {
  it("croner 11 reads `a/s` only with sloppyRanges; isocron always does, with the same runs", () => {
    expect(() => croner("5/15 * * * *", false)).toThrow(/stepping with numeric prefix/);
    expect(isocronRuns("5/15 * * * *", 3)).toEqual(cronerRuns(croner("5/15 * * * *", true), 3));
    expect(isocronRuns("5/15 * * * *", 3)).toEqual(["2026-01-01T00:05:00Z", "2026-01-01T00:20:00Z", "2026-01-01T00:35:00Z"]);
  });

  it("a name before a step (JAN/5, MON/2) is its value: the same runs as croner with sloppyRanges", () => {
    expect(isocronRuns("0 0 1 JAN/5 *", 3)).toEqual(["2026-06-01T00:00:00Z", "2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z"]);
    expect(isocronRuns("0 0 1 JAN/5 *", 3)).toEqual(cronerRuns(croner("0 0 1 JAN/5 *", true), 3));
    // 2026-01-05 is a Monday: MON/2 is Monday, Wednesday, Friday.
    expect(isocronRuns("0 0 * * MON/2", 4)).toEqual(["2026-01-02T00:00:00Z", "2026-01-05T00:00:00Z", "2026-01-07T00:00:00Z", "2026-01-09T00:00:00Z"]);
    expect(isocronRuns("0 0 * * MON/2", 4)).toEqual(cronerRuns(croner("0 0 * * MON/2", true), 4));
    expect(isocronRuns("0 0 * * SAT/1", 2)).toEqual(["2026-01-03T00:00:00Z", "2026-01-10T00:00:00Z"]);
  });
});

describe("read the same by both (pinned, as they are easy to get wrong)", () => {
  it("zero and oversized steps are errors", () => {
    for (const [pattern, why] of [
      ["0/0 * * * *", 'minute "0/0" has a step outside 1-60'],
      ["*/0 * * * *", 'minute "*/0" has a step outside 1-60'],
      ["0-59/0 * * * *", 'minute "0-59/0" has a step outside 1-60'],
      ["*/61 * * * *", 'minute "*/61" has a step outside 1-60'],
      ["0/61 * * * *", 'minute "0/61" has a step outside 1-60'],
      ["*/99999999999 * * * *", 'minute "*/99999999999" has a step outside 1-60'],
      ["0 0 * * 0/8", 'day-of-week "0/8" has a step outside 1-7'],
    ]) {
      expect(parseError(pattern as string)).toContain(why);
      expect(() => croner(pattern as string, true)).toThrow(/stepping|steps cannot be greater/);
    }
  });

  it("a step as large as the field runs once per cycle: */60, 0/60, 30/30", () => {
    expect(isocronRuns("*/60 * * * *", 2)).toEqual(cronerRuns(croner("*/60 * * * *", false), 2));
    expect(isocronRuns("0/60 * * * *", 2)).toEqual(["2026-01-01T01:00:00Z", "2026-01-01T02:00:00Z"]);
    expect(isocronRuns("30/30 * * * *", 2)).toEqual(["2026-01-01T00:30:00Z", "2026-01-01T01:30:00Z"]);
  });

  it("names inside a step or L outside the day fields are errors", () => {
    for (const pattern of ["0 0 * * */MON", "0 0 * */FEB *", "0 0 * 1/JAN *", "L * * * *", "0 L * * *", "0 0 * L *", "0 0 * * L", "0 0 L/2 * *", "0 0 1L * *", "0 0 1-5L * *", "0 0 L,LW * *", "0 0 W * *", "0 0 */5W * *"]) {
      expect(() => cronJob(pattern), pattern).toThrow(expect.objectContaining({ code: "CronJobParse" }));
      expect(() => croner(pattern, true), pattern).toThrow();
    }
  });

  it("7 is Sunday in a range (5-7, SAT-7, 0-7) and with # or L", () => {
    for (const pattern of ["0 0 * * 5-7", "0 0 * * 5-7/2", "0 0 * * SAT-7", "0 0 * * 0-7", "0 0 * * 7#2", "0 0 * * 7L", "0 0 * * FRI-SUN"]) {
      expect(isocronRuns(pattern, 6), pattern).toEqual(cronerRuns(croner(pattern, false), 6));
    }
    expect(isocronRuns("0 0 * * 5-7", 3)).toEqual(["2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z"]);
  });
});
