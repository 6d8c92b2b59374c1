import type { AtTime } from "../../src/definitions/definition.ts";

/** Small pieces of English shared by the schedule sentences. */

/** `["a", "b", "c"]` as "a, b and c". */
export function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

const pad = (n: number): string => String(n).padStart(2, "0");

/** A time of day as "09:00", or "09:00:30" when it has seconds. */
export function clockTime(t: AtTime): string {
  return `${pad(t.hours)}:${pad(t.minutes)}${t.seconds === 0 ? "" : `:${pad(t.seconds)}`}`;
}

/** Most times of day a sentence lists one by one. */
const MAX_LISTED = 24;

/** "at 09:00 and 17:30"; past {@link MAX_LISTED} times, how many and between which. */
export function atTimes(times: readonly AtTime[]): string {
  const shown = times.map(clockTime);
  if (shown.length <= MAX_LISTED) return `at ${list(shown)}`;
  return `at ${shown.length} times of day from ${shown[0]} to ${shown[shown.length - 1]}`;
}

/** Weekday abbreviations, 0 = Sunday as `Date#getDay`. */
export const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;

/** Weekdays (0 = Sunday) as "Mon and Thu", Monday first. */
export function weekdayList(days: readonly number[]): string {
  const mondayFirst = [...days].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7));
  return list(mondayFirst.map((d) => WEEKDAYS[d] as string));
}

/** 1 -> "1st", 2 -> "2nd", 11 -> "11th", 23 -> "23rd". */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}

/** Units a duration is shown in, largest first; days are left out, a day not always being 24 h. */
const UNITS: readonly [number, string, string][] = [
  [3_600_000, "h", "hour"],
  [60_000, "min", "minute"],
  [1_000, "s", "second"],
  [1, "ms", "millisecond"],
];

/** `ms` in `unit` if that is exact to 3 decimals, else null. */
function inUnit(ms: number, unit: number): number | null {
  const thousandths = (ms * 1000) / unit;
  return Number.isSafeInteger(thousandths) ? thousandths / 1000 : null;
}

/**
 * The largest unit in which every one of `values` is at least 1 and exact to 3 decimals:
 * [the values in it, its symbol, its word]; milliseconds when none is.
 */
export function durationUnit(values: readonly number[]): [number[], string, string] {
  for (const [unit, symbol, word] of UNITS) {
    const shown = values.map((v) => inUnit(v, unit));
    if (shown.every((v) => v !== null && v >= 1)) return [shown as number[], symbol, word];
  }
  return [[...values], "ms", "millisecond"];
}

/** "every 30 s", "every 1.5 min", "every minute". */
export function every(ms: number): string {
  const [[value], symbol, word] = durationUnit([ms]);
  return value === 1 ? `every ${word}` : `every ${value} ${symbol}`;
}

/** Days of the month as "day 1", "days 1, 15 and the last day", "the 2nd-to-last day" (-1 is the last, as in monthlyJob). */
export function monthDays(days: readonly number[]): string {
  const positive = days.filter((d) => d > 0);
  const negative = days.filter((d) => d < 0).sort((a, b) => a - b).map((d) => (d === -1 ? "the last day" : `the ${ordinal(-d)}-to-last day`));
  const items = positive.map(String);
  if (items.length > 0) items[0] = `${positive.length > 1 ? "days" : "day"} ${items[0]}`;
  return list([...items, ...negative]);
}
