import { SchedulerError, type SchedulerErrorCode, show } from "../errors.ts";
import type { AtTime, TimeCodes } from "./definition.ts";

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
 * Checks atTimes and returns them sorted by time of day with duplicates dropped, as
 * seconds since local midnight (the form the search uses) and as frozen AtTimes.
 */
export function checkAtTimes(
  atTimes: unknown,
  codes: TimeCodes,
  family: string,
): { secondsOfDay: number[]; atTimes: readonly AtTime[] } {
  if (!Array.isArray(atTimes) || atTimes.length === 0) {
    throw new SchedulerError(codes.atTimesNil, `${family} needs a non-empty array of atTime(...), got ${show(atTimes)}`);
  }
  const seconds = new Set<number>();
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
    seconds.add((hours as number) * 3600 + (minutes as number) * 60 + (secs as number));
  }
  const secondsOfDay = [...seconds].sort((a, b) => a - b);
  return {
    secondsOfDay,
    atTimes: Object.freeze(
      secondsOfDay.map((s) => Object.freeze({ hours: Math.floor(s / 3600), minutes: Math.floor(s / 60) % 60, seconds: s % 60 })),
    ),
  };
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
  if (!Array.isArray(values) || values.length === 0) {
    throw new SchedulerError(nilCode, `${what} must be a non-empty array, got ${show(values)}`);
  }
  for (const value of values as unknown[]) {
    if (typeof value !== "number" || !Number.isInteger(value) || !allowed(value)) {
      throw new SchedulerError(badCode, `${what} has ${show(value)}, which is out of range`);
    }
  }
  return [...new Set(values as number[])].sort((a, b) => a - b);
}
