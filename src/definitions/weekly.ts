import { mod, weekdayOfDays } from "../time/civil.ts";
import type { AtTime, JobDefinition, ScheduleContext, ScheduleDescription } from "./definition.ts";
import { checkAtTimes, checkIntegerList, checkInterval, timeCodes } from "./time-checks.ts";
import { WallClockSchedule, type TimesOfDay } from "./wall-clock.ts";

const CODES = timeCodes("Weekly");

/** The given weekdays of every `interval`-th Sunday-start week counted from the anchor's week. */
class WeeklySchedule extends WallClockSchedule {
  /** Sunday (day number) of the anchor's week. */
  readonly #anchorWeek: number;

  readonly #weekdays: readonly number[];

  constructor(context: ScheduleContext, times: TimesOfDay, interval: number, weekdays: readonly number[]) {
    super(context, times, interval);
    this.#weekdays = weekdays;
    this.#anchorWeek = this._anchorDay - weekdayOfDays(this._anchorDay);
  }

  _nextDay(fromDay: number): number {
    const n = this._interval;
    const weekday = weekdayOfDays(fromDay);
    let weekStart = fromDay - weekday;
    const phase = mod((weekStart - this.#anchorWeek) / 7, n);
    if (phase === 0) {
      for (const d of this.#weekdays) if (d >= weekday) return weekStart + d;
      weekStart += 7 * n;
    } else {
      weekStart += 7 * (n - phase);
    }
    return weekStart + (this.#weekdays[0] as number);
  }

  protected describe(atTimes: readonly AtTime[], timeZone: string): ScheduleDescription {
    return { type: "weekly", interval: this._interval, weekdays: this.#weekdays, atTimes, timeZone };
  }
}

/**
 * Runs every `interval` weeks on each of `weekdays` (0 = Sunday ... 6 = Saturday, as
 * `Date#getDay`) at each of `atTimes`, in the scheduler's zone (gocron's `WeeklyJob`). Weeks
 * start on Sunday and are counted from the week the job was created in (or its `startAt`
 * anchor): interval 2 runs in that week, the week after next, and so on.
 *
 * @example weeklyJob(1, [1, 3, 5], [atTime(8, 0)]) // Mon, Wed, Fri at 08:00
 */
export function weeklyJob(interval: number, weekdays: readonly number[], atTimes: readonly AtTime[]): JobDefinition {
  const n = checkInterval(interval, CODES, "weeklyJob");
  // 0 = Sunday ... 6 = Saturday
  const days = checkIntegerList(weekdays, 0, 6, "WeeklyJobDaysOfTheWeekNil", "WeeklyJobDaysOfTheWeek", "weeklyJob weekdays");
  const times = checkAtTimes(atTimes, CODES, "weeklyJob");
  return {
    type: "weekly",
    compile: (context: ScheduleContext) => new WeeklySchedule(context, times, n, days),
  };
}
