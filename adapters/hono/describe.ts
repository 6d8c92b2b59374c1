import type { ScheduleDescription } from "../../src/definitions/definition.ts";
import { describeCron } from "./describe-cron.ts";
import { atTimes, durationUnit, every, list, ordinal, weekdayList } from "./words.ts";

/** "every day", "every 2 days": the unit counted with its interval. */
function everyN(interval: number, unit: string): string {
  return interval === 1 ? `every ${unit}` : `every ${interval} ${unit}s`;
}

/** Days of the month as "day 1", "days 1, 15 and the last day", "the 2nd-to-last day". */
function monthDays(days: readonly number[]): string {
  const positive = days.filter((d) => d > 0);
  // -1 is the last day, -2 the day before it (see monthlyJob)
  const negative = days.filter((d) => d < 0).sort((a, b) => a - b).map((d) => (d === -1 ? "the last day" : `the ${ordinal(-d)}-to-last day`));
  const items = positive.map(String);
  if (items.length > 0) items[0] = `${positive.length > 1 ? "days" : "day"} ${items[0]}`;
  return list([...items, ...negative]);
}

/** "1970-01-01T09:00:00.000Z" as "1970-01-01 09:00 UTC" (seconds and ms only when set). */
function utcInstant(iso: string): string {
  const match = /^([+-]?\d+-\d\d-\d\d)T(\d\d:\d\d)(:\d\d)?(\.\d+)?Z$/.exec(iso);
  if (match === null) return iso;
  const [, date, hm, s = "", ms = ""] = match;
  const fraction = ms.replace(/\.?0+$/, "");
  const seconds = s === ":00" && fraction === "" ? "" : s + fraction;
  return `${date} ${hm}${seconds} UTC`;
}

/**
 * A job's schedule in words, e.g. "every 30 s", "every weekday at 09:00 (Europe/Berlin)",
 * "on day 1 and the last day of every month at 00:00 (UTC)", "once, immediately". Written only
 * when it means exactly the schedule: a cron pattern without a certain sentence is shown as
 * itself, "cron 5 4 * * 1-5 (UTC)".
 */
export function describeSchedule(schedule: ScheduleDescription): string {
  switch (schedule.type) {
    case "duration":
      return every(schedule.intervalMs);
    case "durationRandom": {
      const [[min, max], symbol] = durationUnit([schedule.minMs, schedule.maxMs]);
      return `randomly every ${min}-${max} ${symbol}`;
    }
    case "oneTime": {
      if (schedule.at === "immediately") return "once, immediately";
      const at = schedule.at.map(utcInstant);
      if (at.length <= 5) return at.length === 1 ? `once at ${at[0]}` : `once at each of ${list(at)}`;
      return `once at each of ${at.length} instants from ${at[0]} to ${at[at.length - 1]}`;
    }
    case "daily":
      return `${everyN(schedule.interval, "day")} ${atTimes(schedule.atTimes)} (${schedule.timeZone})`;
    case "weekly": {
      const days = schedule.weekdays;
      const weekdays = days.length === 5 && [1, 2, 3, 4, 5].every((d) => days.includes(d));
      const which = days.length === 7 ? "every day" : weekdays ? (schedule.interval === 1 ? "every weekday" : "on weekdays") : null;
      const when = schedule.interval === 1
        ? which ?? `every ${weekdayList(days)}`
        : `${everyN(schedule.interval, "week")} ${which === "every day" ? "on every day" : which ?? `on ${weekdayList(days)}`}`;
      return `${when} ${atTimes(schedule.atTimes)} (${schedule.timeZone})`;
    }
    case "monthly":
      return `on ${monthDays(schedule.days)} of ${everyN(schedule.interval, "month")} ${atTimes(schedule.atTimes)} (${schedule.timeZone})`;
    case "cron":
      return describeCron(schedule.expression, schedule.withSeconds, schedule.timeZone);
    default:
      // A description from a custom definition: say what it is, nothing more.
      return `a ${String((schedule as { type?: unknown }).type).slice(0, 40)} schedule`;
  }
}
