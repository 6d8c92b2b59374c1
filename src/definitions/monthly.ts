import { SchedulerError, show } from "../errors.ts";
import { civilFromDays, daysFromCivil, daysInMonth, mod } from "../time/civil.ts";
import type { AtTime, JobDefinition, Schedule, ScheduleContext, ScheduleDescription } from "./definition.ts";
import { checkAtTimes, checkIntegerList, checkInterval, timeCodes } from "./time-checks.ts";
import { WallClockSchedule, type TimesOfDay } from "./wall-clock.ts";

const CODES = timeCodes("Monthly");

/** The Gregorian calendar repeats every 400 years. */
const CYCLE_MONTHS = 4_800;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** The given days of every `interval`-th month counted from the anchor's month. */
class MonthlySchedule extends WallClockSchedule {
  /** The anchor's month as year * 12 + month - 1. */
  readonly #anchorMonth: number;
  /** Selected months repeat their lengths after this many of them, so searching further is futile. */
  readonly #maxMonths: number;

  readonly #days: readonly number[];

  constructor(context: ScheduleContext, times: TimesOfDay, interval: number, days: readonly number[]) {
    super(context, times, interval);
    this.#days = days;
    const anchor = civilFromDays(this._anchorDay);
    this.#anchorMonth = anchor.year * 12 + anchor.month - 1;
    this.#maxMonths = CYCLE_MONTHS / gcd(interval, CYCLE_MONTHS) + 1;
  }

  _nextDay(fromDay: number): number | null {
    const n = this._interval;
    const date = civilFromDays(fromDay);
    let month = date.year * 12 + date.month - 1;
    let minDay = date.day;
    const phase = mod(month - this.#anchorMonth, n);
    if (phase !== 0) {
      month += n - phase;
      minDay = 1;
    }
    for (let i = 0; i < this.#maxMonths; i++, month += n, minDay = 1) {
      const year = Math.floor(month / 12);
      const m = month - year * 12 + 1;
      const length = daysInMonth(year, m);
      let best = Infinity;
      for (const d of this.#days) {
        const day = d > 0 ? d : length + 1 + d;
        if (day >= minDay && day >= 1 && day <= length && day < best) best = day;
      }
      if (best !== Infinity) return daysFromCivil(year, m, best);
    }
    return null;
  }

  protected describe(atTimes: readonly AtTime[], timeZone: string): ScheduleDescription {
    return { type: "monthly", interval: this._interval, days: this.#days, atTimes, timeZone };
  }
}

/**
 * Runs every `interval` months on each of `days` at each of `atTimes`, in the scheduler's
 * zone (gocron's `MonthlyJob`). Days are 1..31, or -1..-31 counted from the end (-1 is the
 * last day). A day a month lacks is skipped for that month: 31 skips April, -31 skips every
 * month shorter than 31 days, 29 skips February except in leap years. Months are counted
 * from the month the job was created in (or its `startAt` anchor).
 *
 * When no month the interval selects can ever have one of the days (day 30 every 12 months
 * counted from a February), `newJob` rejects the job with `MonthlyJobDays`.
 *
 * @example monthlyJob(1, [1, -1], [atTime(6, 0)]) // the first and last day of every month
 */
export function monthlyJob(interval: number, days: readonly number[], atTimes: readonly AtTime[]): JobDefinition {
  const n = checkInterval(interval, CODES, "monthlyJob");
  // 1..31, or -1..-31 counted from the end of the month
  const monthDays = checkIntegerList(days, -31, 31, "MonthlyJobDaysNil", "MonthlyJobDays", "monthlyJob days");
  const times = checkAtTimes(atTimes, CODES, "monthlyJob");
  return {
    type: "monthly",
    compile(context): Schedule {
      const schedule = new MonthlySchedule(context, times, n, monthDays);
      // No selected month ever has one of the days (or the first one is past year 275760).
      if (schedule._nextDay(schedule._anchorDay) === null || schedule.next(Math.max(context.now, context.anchor)) === null) {
        throw new SchedulerError("MonthlyJobDays", `monthlyJob days ${show(monthDays)} never occur every ${n} months from ${show(new Date(context.anchor))}`);
      }
      return schedule;
    },
  };
}
