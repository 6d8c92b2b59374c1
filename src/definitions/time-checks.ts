import { bad, int, obj } from "../check.ts";
import type { SchedulerErrorCode } from "../errors.ts";
import { reading } from "../option-values.ts";
import type { TimeCodes } from "./definition.ts";
import type { TimesOfDay } from "./wall-clock.ts";

/** Input checks shared by daily, weekly and monthly jobs; each family passes its codes. */

/** A family's codes, e.g. `DailyJobHours` for "Daily". */
export function timeCodes(family: "Daily" | "Weekly" | "Monthly"): TimeCodes {
  return {
    hours: `${family}JobHours`,
    minutesSeconds: `${family}JobMinutesSeconds`,
    zeroInterval: `${family}JobZeroInterval`,
    atTimesNil: `${family}JobAtTimesNil`,
    atTimeNil: `${family}JobAtTimeNil`,
  };
}

/** An interval in days, weeks or months: a positive integer. */
export function checkInterval(interval: unknown, codes: TimeCodes, family: string): number {
  return int(interval, 1, Number.MAX_SAFE_INTEGER, codes.zeroInterval, `${family} interval`);
}

/**
 * Checks atTimes and returns them as seconds since local midnight: one number when there is
 * one distinct time, else sorted with duplicates dropped.
 */
export function checkAtTimes(atTimes: unknown, codes: TimeCodes, family: string): TimesOfDay {
  return reading(codes.atTimesNil, `${family} atTimes`, () => {
    const seconds = list(atTimes, codes.atTimesNil, `${family} atTimes`, "atTime(...)", (at) => {
      const { hours, minutes, seconds: secs } = obj(at, codes.atTimeNil, `${family} atTime`) as { [k: string]: unknown };
      const what = `${family} atTime `;
      return int(hours, 0, 23, codes.hours, `${what}hours`) * 3600
        + int(minutes, 0, 59, codes.minutesSeconds, `${what}minutes`) * 60 + int(secs, 0, 59, codes.minutesSeconds, `${what}seconds`);
    });
    return seconds.length === 1 ? (seconds[0] as number) : Object.freeze(seconds);
  });
}

/**
 * A list of small integers (weekdays, days of the month): non-empty, each an integer from `min`
 * to `max` (never 0 when `min` is negative), returned sorted with duplicates dropped.
 */
export function checkIntegerList(values: unknown, min: number, max: number, nilCode: SchedulerErrorCode, badCode: SchedulerErrorCode, what: string): readonly number[] {
  const rule = min < 0 ? `integers from ${min} to ${max} but 0` : `integers from ${min} to ${max}`;
  return Object.freeze(reading(nilCode, what, () => list(values, nilCode, what, rule, (v) => {
    if (v === 0 && min < 0) bad(badCode, what, rule, v);
    return int(v, min, max, badCode, what);
  })));
}

/** A non-empty array of `rule`, each mapped by `check`; sorted ascending, without duplicates. */
function list(values: unknown, nilCode: SchedulerErrorCode, what: string, rule: string, check: (value: unknown) => number): number[] {
  if (!Array.isArray(values) || values.length === 0) bad(nilCode, what, `a non-empty array of ${rule}`, values);
  // One item, the common case (W2 registers 100,000 such jobs): no Set, no sort.
  if (values.length === 1) return [check(values[0])];
  return [...new Set(Array.from(values as unknown[], check))].sort((a, b) => a - b);
}
