import { SchedulerError, type SchedulerErrorCode, show } from "../errors.ts";
import { reading } from "../option-values.ts";
import type { AtTime, TimeCodes } from "./definition.ts";
import type { TimesOfDay } from "./wall-clock.ts";

/** Input checks shared by daily, weekly and monthly jobs; each family passes its codes. */

/** An interval in days, weeks or months: a positive integer. */
export function checkInterval(interval: unknown, codes: TimeCodes, family: string): number {
  if (typeof interval !== "number" || !Number.isSafeInteger(interval) || interval < 1) {
    throw new SchedulerError(codes.zeroInterval, `${family} interval must be a whole number above 0, got ${show(interval)}`);
  }
  return interval;
}

/** A field of an AtTime: an integer in [0, max]. */
function inRange(value: unknown, max: number): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= max;
}

/**
 * Checks atTimes and returns them as seconds since local midnight: one number when there is
 * one distinct time, else sorted with duplicates dropped.
 */
export function checkAtTimes(atTimes: unknown, codes: TimeCodes, family: string): TimesOfDay {
  return reading(codes.atTimesNil, `${family} atTimes`, () => readAtTimes(atTimes, codes, family));
}

function readAtTimes(atTimes: unknown, codes: TimeCodes, family: string): TimesOfDay {
  if (!Array.isArray(atTimes) || atTimes.length === 0) {
    throw new SchedulerError(codes.atTimesNil, `${family} needs a non-empty array of atTime(...), got ${show(atTimes)}`);
  }
  const seconds: number[] = [];
  for (const at of atTimes as unknown[]) {
    if (at === null || typeof at !== "object") {
      throw new SchedulerError(codes.atTimeNil ?? codes.atTimesNil, `${family} atTimes entry ${show(at)} is not an atTime(...)`);
    }
    const { hours, minutes, seconds: secs } = at as Partial<AtTime>;
    if (!inRange(hours, 23)) {
      throw new SchedulerError(codes.hours, `${family} atTime hours must be a whole number 0-23, got ${show(hours)}`);
    }
    if (!inRange(minutes, 59) || !inRange(secs, 59)) {
      throw new SchedulerError(
        codes.minutesSeconds,
        `${family} atTime minutes and seconds must be whole numbers 0-59, got ${show(minutes)}:${show(secs)}`,
      );
    }
    seconds.push((hours as number) * 3600 + (minutes as number) * 60 + (secs as number));
  }
  const sorted = sortedUnique(seconds);
  return sorted.length === 1 ? (sorted[0] as number) : Object.freeze(sorted);
}

/** `values` sorted ascending, without duplicates (a fresh array). */
function sortedUnique(values: readonly number[]): number[] {
  return values.length === 1 ? [values[0] as number] : [...new Set(values)].sort((a, b) => a - b);
}

/**
 * A list of small integers (weekdays, days of the month): non-empty, each allowed, returned
 * sorted with duplicates dropped.
 */
export function checkIntegerList(
  values: unknown,
  allowed: (value: number) => boolean,
  nilCode: SchedulerErrorCode,
  badCode: SchedulerErrorCode,
  what: string,
): number[] {
  return reading(nilCode, what, () => readIntegerList(values, allowed, nilCode, badCode, what));
}

function readIntegerList(
  values: unknown,
  allowed: (value: number) => boolean,
  nilCode: SchedulerErrorCode,
  badCode: SchedulerErrorCode,
  what: string,
): number[] {
  if (!Array.isArray(values) || values.length === 0) {
    throw new SchedulerError(nilCode, `${what} must be a non-empty array, got ${show(values)}`);
  }
  for (const value of values as unknown[]) {
    if (typeof value !== "number" || !Number.isInteger(value) || !allowed(value)) {
      throw new SchedulerError(badCode, `${what} has ${show(value)}, which is out of range`);
    }
  }
  return sortedUnique(values as number[]);
}
