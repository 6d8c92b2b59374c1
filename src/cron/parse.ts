import { show } from "../errors.ts";
import { type FieldSpec, NEAREST, fail, parseField } from "./field.ts";

/**
 * A parsed cron pattern: what each field allows, as lookup tables for a field-by-field search.
 * For the time fields and months, `t[v]` is the first allowed value at or after `v`, or -1.
 */
export interface CronPattern {
  readonly _seconds: Int8Array;
  readonly _minutes: Int8Array;
  readonly _hours: Int8Array;
  /** Indexed by month 1-12 (`[13]` is -1). */
  readonly _months: Int8Array;
  /** Bit d-1 set: day of month d is listed. */
  readonly _days: number;
  /** Bit d-1 set: `dW`, the weekday nearest to day d. */
  readonly _nearest: number;
  /** `L` in day-of-month: the last day. */
  readonly _lastDay: boolean;
  /** `LW`: the last weekday (Monday-Friday) of the month. */
  readonly _lastWeekday: boolean;
  /** Per weekday (0 = Sunday), which occurrences match: bit n-1 for the n-th, 32 for the last; null for `*`. */
  readonly _weekdays: Uint8Array | null;
  /** Day-of-month is `*`: only day-of-week counts. Otherwise either may match (OR), unless `and`. */
  readonly _starDays: boolean;
  /** A `+` before day-of-week: both must match. */
  readonly _and: boolean;
  /**
   * No `*`, `?` or step in seconds, minutes or hours: a fixed local time for DST (Vixie's rule,
   * croner's `fixedTimeRule: "no-wildcard"`).
   */
  readonly _fixed: boolean;
  /** The day mask of the month asked about last (year * 12 + month), shared by every search. */
  _cacheKey: number;
  _cacheMask: number;
}

export const NICKNAMES = new Map(Object.entries({
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
}));

const spec = (name: string, min: number, max: number, names?: string): FieldSpec => ({ name, min, max, names });
const SECOND = spec("second", 0, 59);
const MINUTE = spec("minute", 0, 59);
const HOUR = spec("hour", 0, 23);
const DAY = spec("day-of-month", 1, 31);
const MONTH = spec("month", 1, 12, "janfebmaraprmayjunjulaugsepoctnovdec");
const WEEKDAY = spec("day-of-week", 0, 7, "sunmontuewedthufrisat");

/** `t[v]` = the first allowed value at or after v, or -1; `t.length` is the field size + 1. */
function table(text: string, field: FieldSpec): Int8Array {
  const t = new Int8Array(field.max + 2).fill(-1);
  const allowed: boolean[] = [];
  parseField(text, field, (v) => void (allowed[v] = true));
  for (let v = field.max; v >= 0; v--) t[v] = allowed[v] ? v : (t[v + 1] as number);
  return t;
}

/**
 * Parses a cron pattern the way croner 11 does with `domAndDow: false`: five fields (minute
 * hour day-of-month month day-of-week), or six with seconds first when `withSeconds`; or a
 * nickname (`@daily`, either way). Throws a `SyntaxError` naming the bad field and item.
 */
export function parseCron(pattern: string, withSeconds: boolean): CronPattern {
  let text = pattern.trim();
  let six = withSeconds;
  if (text.startsWith("@")) {
    const expanded = NICKNAMES.get(text.toLowerCase());
    if (expanded === undefined) throw new SyntaxError(`unknown nickname ${show(text)}`);
    text = expanded;
    six = false;
  }
  // `?` is `*` everywhere, as in croner.
  const fields = text.replace(/\?/g, "*").split(/\s+/);
  if (fields.length !== (six ? 6 : 5)) {
    throw new SyntaxError(`needs ${six ? 6 : 5} fields, got ${fields.length}`);
  }
  if (!six) fields.unshift("0");
  const [second, minute, hour, dom, month, dow] = fields as [string, string, string, string, string, string];
  // Left to right, so the first bad field is the one named.
  const seconds = table(second, SECOND);
  const minutes = table(minute, MINUTE);
  const hours = table(hour, HOUR);

  // Day of month: `LW` alone, or `L` as an item of its own.
  const lastWeekday = /^lw$/i.test(dom);
  const items = lastWeekday ? [] : dom.split(",");
  const rest = items.filter((item) => !/^l$/i.test(item));
  let days = 0;
  let nearest = 0;
  if (rest.length > 0) {
    parseField(rest.join(","), DAY, (v, mark) => {
      if (mark === NEAREST) nearest |= 1 << (v - 1);
      else days |= 1 << (v - 1);
    });
  }

  const months = table(month, MONTH);

  // Day of week: a leading `+` asks for both day fields to match.
  const and = dow.startsWith("+");
  const weekdayText = and ? dow.slice(1) : dow;
  if (weekdayText === "") fail(WEEKDAY, dow, "is empty after +");
  const weekdays = new Uint8Array(7);
  parseField(weekdayText, WEEKDAY, (v, mark) => void (weekdays[v % 7] = (weekdays[v % 7] as number) | mark));

  return {
    _seconds: seconds,
    _minutes: minutes,
    _hours: hours,
    _months: months,
    _days: days,
    _nearest: nearest,
    _lastDay: rest.length < items.length,
    _lastWeekday: lastWeekday,
    _weekdays: weekdayText === "*" ? null : weekdays,
    _starDays: rest.join(",") === "*",
    _and: and,
    _fixed: !/[*/]/.test(second + minute + hour),
    _cacheKey: -1,
    _cacheMask: 0,
  };
}
