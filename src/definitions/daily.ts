import { mod } from "../time/civil.ts";
import type { AtTime, JobDefinition, ScheduleContext, ScheduleDescription } from "./definition.ts";
import { checkAtTimes, checkInterval, timeCodes } from "./time-checks.ts";
import { WallClockSchedule, type TimesOfDay } from "./wall-clock.ts";

const CODES = timeCodes("Daily");

/** Every `interval`-th day counted from the anchor's day. */
class DailySchedule extends WallClockSchedule {
  _nextDay(fromDay: number): number {
    return fromDay + mod(this._anchorDay - fromDay, this._interval);
  }

  protected describe(atTimes: readonly AtTime[], timeZone: string): ScheduleDescription {
    return { type: "daily", interval: this._interval, atTimes, timeZone };
  }
}

/**
 * Runs every `interval` days at each of `atTimes`, wall-clock times in the scheduler's zone
 * (gocron's `DailyJob`). With an interval above 1 the days are counted from the day the job
 * was created (or its `startAt` anchor): interval 2 runs that day, two days later, and so on.
 * DST: see the README ("Time zones and DST").
 *
 * @example dailyJob(1, [atTime(9, 0), atTime(17, 30)]) // 09:00 and 17:30 every day
 */
export function dailyJob(interval: number, atTimes: readonly AtTime[]): JobDefinition {
  const n = checkInterval(interval, CODES, "dailyJob");
  const times: TimesOfDay = checkAtTimes(atTimes, CODES, "dailyJob");
  return {
    type: "daily",
    compile: (context: ScheduleContext) => new DailySchedule(context, times, n),
  };
}
