import type { AtTime, DstPolicy, Schedule, ScheduleContext, ScheduleDescription } from "./definition.ts";
import { MAX_EPOCH_MS, MS_PER_DAY } from "../time/civil.ts";
import type { ZoneOffsets } from "../time/zone-offsets.ts";
import { localToEpoch, requireZone } from "../time/zoned.ts";

/**
 * Times of day as seconds since local midnight: one number for a single time (most jobs, so
 * 100,000 of them need no array each), else a sorted array without duplicates.
 */
export type TimesOfDay = number | readonly number[];

/** How many times of day `times` holds. */
export function timesCount(times: TimesOfDay): number {
  return typeof times === "number" ? 1 : times.length;
}

/** The `i`-th (earliest first) time of day in `times`. */
export function timeAt(times: TimesOfDay, i: number): number {
  return typeof times === "number" ? times : (times[i] as number);
}

/** `times` as frozen {@link AtTime}s, as descriptions show them. */
export function atTimesOf(times: TimesOfDay): readonly AtTime[] {
  const out: AtTime[] = [];
  for (let i = 0; i < timesCount(times); i++) {
    const s = timeAt(times, i);
    out.push(Object.freeze({ hours: Math.floor(s / 3600), minutes: Math.floor(s / 60) % 60, seconds: s % 60 }));
  }
  return Object.freeze(out);
}

/** Which days a job runs on: the part that differs between daily, weekly and monthly jobs. */
export interface DayRule {
  /**
   * The first day (day number: days since 1970-01-01 in local time) at or after `fromDay` on
   * which the job runs, or `null` when there is none within the family's own horizon.
   */
  _nextDay(fromDay: number): number | null;
}

/** Days searched at most, so a schedule whose times are always skipped cannot spin. */
const MAX_DAYS_SEARCHED = 1_000;
/** Day numbers past this are beyond what a Date can hold. */
const MAX_DAY = Math.floor(MAX_EPOCH_MS / MS_PER_DAY) - 2;

/**
 * The shared search behind daily, weekly and monthly jobs: the first instant strictly after
 * `after` that is one of `times` on a day `days` accepts, in `zone`.
 *
 * DST (the same rule as croner for fixed-time cron patterns, i.e. Vixie cron's): a time in a
 * spring-forward gap runs at the end of the gap under `"shift"`, when that is still the same
 * local day, and not at all under `"skip"`; a time that happens twice runs once, at its first
 * occurrence.
 */
export function nextWallClockTime(
  zone: ZoneOffsets,
  policy: DstPolicy,
  times: TimesOfDay,
  after: number,
  days: DayRule,
): number | null {
  if (!(Math.abs(after) < MAX_EPOCH_MS)) return null;
  const afterDay = Math.floor((after + zone._offsetAt(after)) / MS_PER_DAY);
  const count = timesCount(times);
  // No earlier day can have a later run: only a shift past midnight could, and those are dropped.
  let day = days._nextDay(afterDay);
  for (let searched = 0; day !== null && day <= MAX_DAY && searched < MAX_DAYS_SEARCHED; searched++) {
    const midnight = day * MS_PER_DAY;
    for (let i = 0; i < count; i++) {
      const local = midnight + timeAt(times, i) * 1000;
      const instant = localToEpoch(zone, local, policy);
      if (instant === null || instant <= after) continue;
      const actualLocal = instant + zone._offsetAt(instant);
      // Shifted out of its own day (a gap across midnight): croner skips those too.
      if (actualLocal !== local && Math.floor(actualLocal / MS_PER_DAY) !== day) continue;
      // Times are sorted and instants within a day never decrease, so the first is the earliest.
      return instant;
    }
    day = days._nextDay(day + 1);
  }
  return null;
}

/** The local day number of an instant in a zone. */
export function localDay(zone: ZoneOffsets, epochMs: number): number {
  return Math.floor((epochMs + zone._offsetAt(epochMs)) / MS_PER_DAY);
}

/**
 * A compiled daily/weekly/monthly schedule. One small object per job (100,000 daily jobs must
 * fit in about 1 KB each): the zone is shared, the times of day are usually one number, and
 * the day rule and description come from the family's subclass instead of per-job closures
 * and objects. Compiling resolves the zone (an unknown one is `WithLocationInvalid`) and the
 * anchor's local day.
 */
export abstract class WallClockSchedule implements Schedule, DayRule {
  // `declare`: set by the constructor only, so the script tag carries no field list for them.
  declare readonly times: TimesOfDay;
  declare readonly _interval: number;
  declare readonly zone: ZoneOffsets;
  declare readonly policy: DstPolicy;
  /** The local day of the anchor: intervals count days, weeks or months from it. */
  declare readonly _anchorDay: number;

  constructor(context: ScheduleContext, times: TimesOfDay, interval: number) {
    this.times = times;
    this._interval = interval;
    this.zone = requireZone(context.timeZone);
    this.policy = context.dstPolicy === "skip" ? "skip" : "shift";
    this._anchorDay = localDay(this.zone, context.anchor);
  }

  abstract _nextDay(fromDay: number): number | null;

  /** The family's description, given the parts every family shares. */
  protected abstract describe(atTimes: readonly AtTime[], timeZone: string): ScheduleDescription;

  next(after: number): number | null {
    return nextWallClockTime(this.zone, this.policy, this.times, after, this);
  }

  /** Only intervals above 1 count days, weeks or months from the anchor. */
  get anchored(): boolean {
    return this._interval > 1;
  }

  /** Built when asked (rarely, next to 100,000 jobs that never ask). */
  get description(): ScheduleDescription {
    return this.describe(atTimesOf(this.times), this.zone.timeZone);
  }
}
