import type { DstPolicy, Schedule, ScheduleContext, ScheduleDescription } from "./definition.ts";
import { MAX_EPOCH_MS, MS_PER_DAY } from "../time/civil.ts";
import type { ZoneOffsets } from "../time/zone-offsets.ts";
import { localToEpoch, requireZone } from "../time/zoned.ts";

/**
 * The first day (day number: days since 1970-01-01 in local time) at or after `fromDay` on
 * which the job runs, or `null` when there is none within the family's own horizon.
 */
export type NextDay = (fromDay: number) => number | null;

/** Days searched at most, so a schedule whose times are always skipped cannot spin. */
const MAX_DAYS_SEARCHED = 1_000;
/** Day numbers past this are beyond what a Date can hold. */
const MAX_DAY = Math.floor(MAX_EPOCH_MS / MS_PER_DAY) - 2;

/**
 * The shared search behind daily, weekly and monthly jobs: the first instant strictly after
 * `after` that is one of `secondsOfDay` (sorted) on a day `nextDay` accepts, in `zone`.
 *
 * DST (the same rule as croner for fixed-time cron patterns, i.e. Vixie cron's): a time in a
 * spring-forward gap runs at the end of the gap under `"shift"`, when that is still the same
 * local day, and not at all under `"skip"`; a time that happens twice runs once, at its first
 * occurrence.
 */
export function nextWallClockTime(
  zone: ZoneOffsets,
  policy: DstPolicy,
  secondsOfDay: readonly number[],
  after: number,
  nextDay: NextDay,
): number | null {
  if (!(Math.abs(after) < MAX_EPOCH_MS)) return null;
  const afterDay = Math.floor((after + zone.offsetAt(after)) / MS_PER_DAY);
  // No earlier day can have a later run: only a shift past midnight could, and those are dropped.
  let day = nextDay(afterDay);
  for (let searched = 0; day !== null && day <= MAX_DAY && searched < MAX_DAYS_SEARCHED; searched++) {
    const midnight = day * MS_PER_DAY;
    for (const seconds of secondsOfDay) {
      const local = midnight + seconds * 1000;
      const instant = localToEpoch(zone, local, policy);
      if (instant === null || instant <= after) continue;
      const actualLocal = instant + zone.offsetAt(instant);
      // Shifted out of its own day (a gap across midnight): croner skips those too.
      if (actualLocal !== local && Math.floor(actualLocal / MS_PER_DAY) !== day) continue;
      // Times are sorted and instants within a day never decrease, so the first is the earliest.
      return instant;
    }
    day = nextDay(day + 1);
  }
  return null;
}

/** The local day number of an instant in a zone. */
export function localDay(zone: ZoneOffsets, epochMs: number): number {
  return Math.floor((epochMs + zone.offsetAt(epochMs)) / MS_PER_DAY);
}

/** A daily/weekly/monthly description without its zone, made once per definition. */
export type WallClockBase = DistributiveOmit<Extract<ScheduleDescription, { type: "daily" | "weekly" | "monthly" }>, "timeZone">;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * A compiled daily/weekly/monthly schedule: one small object per job with its maths on the
 * prototype (100,000 daily jobs must fit in about 1 KB each).
 */
export class WallClockSchedule implements Schedule {
  constructor(
    private readonly zone: ZoneOffsets,
    private readonly policy: DstPolicy,
    private readonly secondsOfDay: readonly number[],
    readonly nextDay: NextDay,
    readonly anchorDay: number,
    private readonly base: WallClockBase,
  ) {}

  next(after: number): number | null {
    return nextWallClockTime(this.zone, this.policy, this.secondsOfDay, after, this.nextDay);
  }

  /** Only intervals above 1 count days, weeks or months from the anchor. */
  get anchored(): boolean {
    return this.base.interval > 1;
  }

  get description(): ScheduleDescription {
    return { ...this.base, timeZone: this.zone.timeZone } as ScheduleDescription;
  }
}

/**
 * Compiles a daily/weekly/monthly job for a context: resolves the zone (an unknown one is
 * `WithLocationInvalid`), the anchor's local day, and binds the search.
 */
export function compileWallClock(
  context: ScheduleContext,
  secondsOfDay: readonly number[],
  makeNextDay: (anchorDay: number) => NextDay,
  base: WallClockBase,
): WallClockSchedule {
  const zone = requireZone(context.timeZone);
  const policy: DstPolicy = context.dstPolicy === "skip" ? "skip" : "shift";
  const anchorDay = localDay(zone, context.anchor);
  return new WallClockSchedule(zone, policy, secondsOfDay, makeNextDay(anchorDay), anchorDay, base);
}
