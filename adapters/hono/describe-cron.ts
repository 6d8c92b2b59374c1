import { parseField, type FieldSpec } from "../../src/cron/field.ts";
import { NICKNAMES } from "../../src/cron/parse.ts";
import { atTimes, every, list, monthDays, weekdayList } from "./words.ts";

const spec = (name: string, min: number, max: number, names?: string): FieldSpec => ({ name, min, max, names });
const SECOND = spec("second", 0, 59);
const MINUTE = spec("minute", 0, 59);
const HOUR = spec("hour", 0, 23);
const DAY = spec("day-of-month", 1, 31);
const MONTH = spec("month", 1, 12, "janfebmaraprmayjunjulaugsepoctnovdec");
const WEEKDAY = spec("day-of-week", 0, 7, "sunmontuewedthufrisat");
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** The mark parseField gives a plain value: anything else (`#2`, `L`, `W`) has no sentence here. */
const PLAIN = 63;
/** Most times of day a sentence lists. */
const MAX_TIMES = 24;

/** The sorted values a field selects (weekday 7 as 0), or null when one of them has a suffix. */
function values(text: string, field: FieldSpec): number[] | null {
  const out = new Set<number>();
  let plain = true;
  parseField(text, field, (v, mark) => {
    plain &&= mark === PLAIN;
    out.add(field === WEEKDAY ? v % 7 : v);
  });
  return plain ? [...out].sort((a, b) => a - b) : null;
}

/** `set` is every `step`-th value of 0..size-1 from 0 (step > 1). */
function stepOf(set: readonly number[], size: number): number | null {
  const step = set[1];
  if (set[0] !== 0 || step === undefined || size % step !== 0 || set.length !== size / step) return null;
  return set.every((v, i) => v === i * step) ? step : null;
}

const two = (n: number): string => String(n).padStart(2, "0");

/** The sentence, or null when none is certain. Throws when the pattern does not parse. */
function sentence(pattern: string, withSeconds: boolean, timeZone: string): string | null {
  let text = pattern;
  let six = withSeconds;
  if (text.startsWith("@")) {
    text = NICKNAMES.get(text.toLowerCase()) ?? "";
    six = false;
  }
  const fields = text.replace(/\?/g, "*").split(/\s+/);
  if (fields.length !== (six ? 6 : 5)) return null;
  if (!six) fields.unshift("0");
  const [secText, minText, hourText, domText, monText, dowText] = fields as [string, string, string, string, string, string];
  if (dowText.startsWith("+") || /^lw$/i.test(domText)) return null;
  const seconds = values(secText, SECOND);
  const minutes = values(minText, MINUTE);
  const hours = values(hourText, HOUR);
  const months = values(monText, MONTH);
  const weekdays = dowText === "*" ? null : values(dowText, WEEKDAY);
  const domItems = domText.split(",");
  const plainDays = domItems.filter((item) => !/^l$/i.test(item));
  const days = domText === "*" ? null : plainDays.length === 0 ? [] : values(plainDays.join(","), DAY);
  if (seconds === null || minutes === null || hours === null || months === null) return null;
  if ((dowText !== "*" && weekdays === null) || (domText !== "*" && days === null)) return null;
  // Both day fields restricted: either may match (Vixie cron); no short sentence says that.
  if (weekdays !== null && days !== null) return null;

  // Which days: "" (every day), " on weekdays", " on Mon and Thu", " on day 1 of every month".
  const everyDay = (weekdays === null || weekdays.length === 7) && (days === null || days.length === 31);
  const inMonths = months.length === 12 ? "" : ` in ${list(months.map((m) => MONTHS[m - 1] as string))}`;
  const workweek = weekdays !== null && weekdays.length === 5 && !weekdays.includes(0) && !weekdays.includes(6);
  const monthly = days !== null && days.length < 31
    ? `${monthDays([...days, ...(plainDays.length < domItems.length ? [-1] : [])])} of ${months.length === 12 ? "every month" : list(months.map((m) => MONTHS[m - 1] as string))}`
    : null;

  // Repeating within the day: every second, every N seconds or minutes, every hour at :MM.
  const allSeconds = seconds.length === 60;
  const allMinutes = minutes.length === 60;
  const allHours = hours.length === 24;
  let repeating: string | null = null;
  if (allHours && allMinutes && allSeconds) repeating = "every second";
  else if (allHours && allMinutes && stepOf(seconds, 60) !== null) repeating = every((stepOf(seconds, 60) as number) * 1000);
  else if (allHours && seconds.length === 1 && seconds[0] === 0) {
    const step = stepOf(minutes, 60);
    if (allMinutes) repeating = "every minute";
    // Local times a multiple of N minutes apart stay N apart across any DST shift when N divides 30.
    else if (step !== null && 30 % step === 0) repeating = every(step * 60_000);
    else if (minutes.length <= MAX_TIMES) repeating = `every hour at ${list(minutes.map((m) => `:${two(m)}`))}`;
  }
  if (repeating !== null) {
    // Every N seconds or minutes reads the same in any zone; a minute of the hour does not (UTC+05:30).
    const zoneFree = !repeating.startsWith("every hour");
    const on = everyDay
      ? inMonths
      : monthly !== null ? ` on ${monthly}` : ` on ${workweek ? "weekdays" : weekdayList(weekdays ?? [])}${inMonths}`;
    return zoneFree && on === "" ? repeating : `${repeating}${on} (${timeZone})`;
  }

  // Fixed times of day: every combination of the hours, minutes and seconds given.
  if (allSeconds || allMinutes || hours.length * minutes.length * seconds.length > MAX_TIMES) return null;
  const times = hours.flatMap((h) => minutes.flatMap((m) => seconds.map((s) => ({ hours: h, minutes: m, seconds: s }))));
  const when = everyDay
    ? `every day${inMonths}`
    : monthly !== null ? `on ${monthly}` : `${workweek ? "every weekday" : `every ${weekdayList(weekdays ?? [])}`}${inMonths}`;
  return `${when} ${atTimes(times)} (${timeZone})`;
}

/**
 * A cron expression in words for the common shapes (every minute, every N minutes, hourly at
 * :MM, daily at HH:MM, weekdays, given weekdays, days of the month), else the pattern itself:
 * "cron 5 4 * * 1-5 (UTC)". `timeZone` is the zone the pattern is read in (a `CRON_TZ=`
 * prefix's, already resolved).
 */
export function describeCron(expression: string, withSeconds: boolean, timeZone: string): string {
  const pattern = expression.replace(/^\s*(?:CRON_TZ|TZ)=\S*\s+/, "").trim();
  try {
    const words = sentence(pattern, withSeconds, timeZone);
    if (words !== null) return words;
  } catch {
    // Not a pattern isocron reads: shown as it is.
  }
  return `cron ${pattern} (${timeZone})`;
}
