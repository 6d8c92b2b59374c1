import type { AtTime } from "./definition.ts";

/**
 * A wall-clock time of day for {@link dailyJob}, {@link weeklyJob} and {@link monthlyJob}
 * (gocron's `NewAtTime`). The values are checked by the job that uses them, so the error
 * names that job: `DailyJobHours`, `WeeklyJobMinutesSeconds`, ...
 *
 * @param hours 0-23
 * @param minutes 0-59
 * @param seconds 0-59
 * @default seconds 0
 * @example dailyJob(1, [atTime(9, 30), atTime(17, 0)]) // 09:30 and 17:00 every day
 */
export function atTime(hours: number, minutes: number, seconds = 0): AtTime {
  return Object.freeze({ hours, minutes, seconds });
}
