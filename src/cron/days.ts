import { daysFromCivil, daysInMonth, weekdayOfDays } from "../time/civil.ts";
import { LAST } from "./field.ts";
import type { CronPattern } from "./parse.ts";

/**
 * The days of a month (bit d-1 for day d) a pattern runs on, by croner 11's rules:
 * listed days, `L` (last day), `LW` (last weekday), `dW` (the weekday nearest to day d, within
 * the month: a Saturday 1st moves to Monday the 3rd, a Sunday last day to Friday), OR'ed with
 * the weekday field (`n`, `n#k`, `nL`) when both are restricted, AND'ed when day-of-month is
 * `*` or the weekday field starts with `+`. Remembers the last month asked about.
 */
export function dayMask(p: CronPattern, year: number, month: number): number {
  const key = year * 12 + month;
  if (key === p._cacheKey) return p._cacheMask;
  const last = daysInMonth(year, month);
  const first = weekdayOfDays(daysFromCivil(year, month, 1));
  const weekday = (day: number): number => (first + day - 1) % 7;
  let mask = p._days;
  if (p._lastDay) mask |= 1 << (last - 1);
  if (p._lastWeekday) {
    const w = weekday(last);
    mask |= 1 << (last - (w === 0 ? 3 : w === 6 ? 2 : 1));
  }
  for (let day = 1; day <= last; day++) {
    if ((p._nearest >> (day - 1)) & 1) {
      const w = weekday(day);
      const moved = w === 0 ? (day === last ? day - 2 : day + 1) : w === 6 ? (day === 1 ? 3 : day - 1) : day;
      mask |= 1 << (moved - 1);
    }
  }
  mask &= 2 ** last - 1;
  if (p._weekdays !== null) {
    let byWeekday = 0;
    for (let day = 1; day <= last; day++) {
      const occurrences = p._weekdays[weekday(day)] as number;
      // Bit k-1: the k-th such weekday of the month; LAST: the last one (none 7 days later).
      if (((occurrences >> ((day - 1) / 7)) & 1) || (occurrences & LAST && day + 7 > last)) byWeekday |= 1 << (day - 1);
    }
    mask = p._and || p._starDays ? mask & byWeekday : mask | byWeekday;
  }
  p._cacheKey = key;
  p._cacheMask = mask;
  return mask;
}
