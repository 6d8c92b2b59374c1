import { describe, expect, it } from "vitest";
import { atTime } from "../../src/definitions/at-time.ts";
import { dailyJob } from "../../src/definitions/daily.ts";
import type { AtTime } from "../../src/definitions/definition.ts";
import { monthlyJob } from "../../src/definitions/monthly.ts";
import { weeklyJob } from "../../src/definitions/weekly.ts";
import { SchedulerError } from "../../src/errors.ts";
import { context } from "./helpers.ts";

const AT = [atTime(9, 0)];
const bad = <T>(value: unknown): T => value as T;

/** Each family built with one field replaced, so every family is checked the same way. */
const FAMILIES = {
  Daily: (interval: number, atTimes: AtTime[]) => dailyJob(interval, atTimes),
  Weekly: (interval: number, atTimes: AtTime[]) => weeklyJob(interval, [1], atTimes),
  Monthly: (interval: number, atTimes: AtTime[]) => monthlyJob(interval, [1], atTimes),
};

function expectCode(make: () => unknown, code: string): void {
  let caught: unknown;
  try {
    make();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(SchedulerError);
  expect((caught as SchedulerError).code).toBe(code);
}

describe("wall-clock job validation", () => {
  for (const [family, make] of Object.entries(FAMILIES)) {
    describe(`${family.toLowerCase()}Job`, () => {
      it(`rejects a zero, negative or fractional interval with ${family}JobZeroInterval`, () => {
        for (const interval of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, bad<number>("1")]) {
          expectCode(() => make(interval, AT), `${family}JobZeroInterval`);
        }
      });

      it(`rejects hours outside 0-23 with ${family}JobHours`, () => {
        for (const hours of [24, -1, 1.5, Number.NaN]) expectCode(() => make(1, [atTime(hours, 0)]), `${family}JobHours`);
      });

      it(`rejects minutes or seconds outside 0-59 with ${family}JobMinutesSeconds`, () => {
        for (const at of [atTime(1, 60), atTime(1, -1), atTime(1, 0.5), atTime(1, 0, 60), atTime(1, 0, Number.NaN)]) {
          expectCode(() => make(1, [at]), `${family}JobMinutesSeconds`);
        }
      });

      it(`rejects empty atTimes with ${family}JobAtTimesNil and a non-AtTime entry with ${family}JobAtTimeNil`, () => {
        expectCode(() => make(1, []), `${family}JobAtTimesNil`);
        expectCode(() => make(1, bad<AtTime[]>(undefined)), `${family}JobAtTimesNil`);
        expectCode(() => make(1, bad<AtTime[]>([null])), `${family}JobAtTimeNil`);
      });

      it("rejects an unknown zone at compile with WithLocationInvalid", () => {
        expectCode(() => make(1, AT).compile(context("Atlantis/Capital")), "WithLocationInvalid");
      });

      it("accepts the edges of every range", () => {
        expect(() => make(1, [atTime(0, 0, 0), atTime(23, 59, 59)]).compile(context("UTC"))).not.toThrow();
      });
    });
  }

  it("checks weekdays: 0-6, non-empty", () => {
    for (const day of [7, -1, 1.5, Number.NaN, bad<number>("1")]) expectCode(() => weeklyJob(1, [day], AT), "WeeklyJobDaysOfTheWeek");
    expectCode(() => weeklyJob(1, [], AT), "WeeklyJobDaysOfTheWeekNil");
    expectCode(() => weeklyJob(1, bad<number[]>(null), AT), "WeeklyJobDaysOfTheWeekNil");
    expect(() => weeklyJob(1, [0, 6], AT)).not.toThrow();
  });

  it("checks days of the month: 1..31 and -1..-31, non-empty", () => {
    for (const day of [0, 32, -32, 1.5, Number.NaN]) expectCode(() => monthlyJob(1, [day], AT), "MonthlyJobDays");
    expectCode(() => monthlyJob(1, [], AT), "MonthlyJobDaysNil");
    expect(() => monthlyJob(1, [1, 31, -1, -31], AT)).not.toThrow();
  });

  it("names the bad value in the message", () => {
    expect(() => dailyJob(1, [atTime(25, 0)])).toThrow(/25/);
    expect(() => weeklyJob(1, [9], AT)).toThrow(/9/);
    expect(() => monthlyJob(0, [1], AT)).toThrow(/got 0/);
  });

  it("atTime defaults seconds to 0 and returns a frozen value", () => {
    const at = atTime(7, 45);
    expect(at).toEqual({ hours: 7, minutes: 45, seconds: 0 });
    expect(Object.isFrozen(at)).toBe(true);
  });
});
