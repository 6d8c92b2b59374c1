import { mod, weekdayOfDays } from "../time/civil.ts";
import type { AtTime, JobDefinition, Schedule, TimeCodes } from "./definition.ts";
import { checkAtTimes, checkIntegerList, checkInterval } from "./time-checks.ts";
import { compileWallClock } from "./wall-clock.ts";

const CODES: TimeCodes = {
  hours: "WeeklyJobHours",
  minutesSeconds: "WeeklyJobMinutesSeconds",
  zeroInterval: "WeeklyJobZeroInterval",
  atTimesNil: "WeeklyJobAtTimesNil",
  atTimeNil: "WeeklyJobAtTimeNil",
};

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
  const days = checkIntegerList(
    weekdays,
    (d) => d >= 0 && d <= 6,
    "WeeklyJobDaysOfTheWeekNil",
    "WeeklyJobDaysOfTheWeek",
    "weeklyJob weekdays (0 = Sunday ... 6 = Saturday)",
  );
  const times = checkAtTimes(atTimes, CODES, "weeklyJob");
  const first = days[0] as number;
  const base = { type: "weekly", interval: n, weekdays: Object.freeze(days), atTimes: times.atTimes } as const;
  return {
    type: "weekly",
    compile(context): Schedule {
      return compileWallClock(context, times.secondsOfDay, (anchorDay) => {
        const anchorWeek = anchorDay - weekdayOfDays(anchorDay);
        return (from) => {
          const weekday = weekdayOfDays(from);
          let weekStart = from - weekday;
          const phase = mod((weekStart - anchorWeek) / 7, n);
          if (phase === 0) {
            for (const d of days) if (d >= weekday) return weekStart + d;
            weekStart += 7 * n;
          } else {
            weekStart += 7 * (n - phase);
          }
          return weekStart + first;
        };
      }, base);
    },
  };
}
