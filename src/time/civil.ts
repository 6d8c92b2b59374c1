/**
 * Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01), with no
 * `Date` and no time zone: the pure half of wall-clock maths. Algorithms after Howard
 * Hinnant's "chrono-compatible low-level date algorithms" (public domain).
 */

export const MS_PER_SECOND = 1_000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

/** Largest epoch ms a `Date` can hold (year 275760); instants past it are "never". */
export const MAX_EPOCH_MS = 8.64e15;

/** Euclidean modulo: the result has the sign of `m`, so -1 mod 7 is 6. */
export function mod(n: number, m: number): number {
  const r = n % m;
  return r < 0 ? r + m : r;
}

/**
 * Day number of a calendar date. Out-of-range months and days normalise the way `Date.UTC`
 * does (month 13 is January of the next year, day 32 of January is February 1st, day 0 is
 * the last day of the previous month), but years 0-99 are taken literally.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const m0 = month - 1;
  const y0 = year + Math.floor(m0 / 12);
  const m = mod(m0, 12) + 1;
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (m + 9) % 12; // March = 0, so the leap day is the last day of the "year"
  const doy = Math.floor((153 * mp + 2) / 5);
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468 + (day - 1);
}

/** Calendar date of a day number. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1_460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Day of the week of a day number, 0 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOfDays(days: number): number {
  return mod(days + 4, 7);
}

/** Days in a month (1-12) of a proleptic Gregorian year: the distance to the next month's first day. */
export function daysInMonth(year: number, month: number): number {
  return daysFromCivil(year, month + 1, 1) - daysFromCivil(year, month, 1);
}
