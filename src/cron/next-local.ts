import { civilFromDays, daysFromCivil, MS_PER_DAY } from "../time/civil.ts";
import { dayMask } from "./days.ts";
import type { CronPattern } from "./parse.ts";

/**
 * Years searched at most. The Gregorian calendar repeats every 400 years, weekdays included,
 * so a pattern with no run in 401 years has none at all.
 */
export const MAX_YEARS = 401;

/** The year of "local ms". */
export const yearOf = (local: number): number => civilFromDays(Math.floor(local / MS_PER_DAY)).year;

/**
 * The first local wall time at or after `from` that the pattern matches, both as "local ms"
 * (wall time read as if it were UTC, whole seconds), or `null` when there is none up to the end
 * of `lastYear`. Jumps field by field: a month the pattern skips costs one step, a day one step,
 * and so on.
 */
export function nextLocal(p: CronPattern, from: number, lastYear = yearOf(from) + MAX_YEARS): number | null {
  const startDay = Math.floor(from / MS_PER_DAY);
  const ofDay = Math.ceil((from - startDay * MS_PER_DAY) / 1000);
  let { year, month, day } = civilFromDays(startDay);
  let hour = Math.floor(ofDay / 3600);
  let minute = Math.floor(ofDay / 60) % 60;
  let second = ofDay % 60;
  for (;;) {
    const nextMonth = p._months[month] as number;
    if (nextMonth !== month) {
      if (nextMonth < 0) {
        if (++year > lastYear) return null;
        month = 1;
      } else month = nextMonth;
      day = 1;
      hour = minute = second = 0;
      continue;
    }
    const days = dayMask(p, year, month) >>> (day - 1);
    if (days === 0) {
      month++;
      day = 1;
      hour = minute = second = 0;
      continue;
    }
    if ((days & 1) === 0) {
      day += 31 - Math.clz32(days & -days);
      hour = minute = second = 0;
    }
    const nextHour = p._hours[hour] as number;
    if (nextHour < 0) {
      day++;
      hour = minute = second = 0;
      continue;
    }
    if (nextHour !== hour) {
      hour = nextHour;
      minute = second = 0;
    }
    const nextMinute = p._minutes[minute] as number;
    if (nextMinute < 0) {
      hour++;
      minute = second = 0;
      continue;
    }
    if (nextMinute !== minute) {
      minute = nextMinute;
      second = 0;
    }
    const nextSecond = p._seconds[second] as number;
    if (nextSecond < 0) {
      minute++;
      second = 0;
      continue;
    }
    return daysFromCivil(year, month, day) * MS_PER_DAY + (hour * 3600 + minute * 60 + nextSecond) * 1000;
  }
}
