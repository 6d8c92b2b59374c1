import type { ScheduleDescription } from "../../src/definitions/definition.ts";
import { describeCron } from "./describe-cron.ts";
import { atTimes, durationUnit, every, list, monthDays, weekdayList } from "./words.ts";

/** "every day", "every 2 days": the unit counted with its interval. */
function everyN(interval: number, unit: string): string {
  return interval === 1 ? `every ${unit}` : `every ${interval} ${unit}s`;
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
      const all = days.length === 7;
      const workweek = days.length === 5 && !days.includes(0) && !days.includes(6);
      // Interval 1: "every weekday"; above: "every 2 weeks on weekdays" (weeks counted from the anchor's).
      const when = schedule.interval === 1
        ? (all ? "every day" : workweek ? "every weekday" : `every ${weekdayList(days)}`)
        : `every ${schedule.interval} weeks on ${all ? "all days" : workweek ? "weekdays" : weekdayList(days)}`;
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
