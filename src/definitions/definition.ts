import type { SchedulerErrorCode } from "../errors.ts";

/**
 * What to do with a wall-clock time that does not exist in the zone (spring forward).
 * - `"shift"` (default, Vixie cron's rule): run at the first instant after the gap.
 * - `"skip"`: no run for that nonexistent time.
 * A wall-clock time that happens twice (fall back) runs once, at its first occurrence,
 * under both policies.
 */
export type DstPolicy = "shift" | "skip";

/** A wall-clock time of day, as made by {@link atTime}. */
export interface AtTime {
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

/** Everything a definition needs to become a concrete schedule; given by the scheduler. */
export interface ScheduleContext {
  /** Resolved IANA zone (the scheduler's, or the runtime's own when none was set). */
  readonly timeZone: string;
  readonly dstPolicy: DstPolicy;
  /** The scheduler clock's now, in epoch ms, when the job is created or updated. */
  readonly now: number;
  /**
   * The instant interval phases are counted from: a duration job runs at anchor + k * interval;
   * a daily job with interval n runs on days (in the zone) that are a multiple of n days after
   * the anchor's day; weekly counts weeks (Sunday-start) from the anchor's week; monthly counts
   * months from the anchor's month.
   */
  readonly anchor: number;
  /** A uniform random number in [0, 1); `Math.random` by default. */
  readonly random?: () => number;
}

/** A plain, serialisable description of a job's definition, e.g. for an admin page. */
export type ScheduleDescription =
  | { readonly type: "duration"; readonly intervalMs: number }
  | { readonly type: "durationRandom"; readonly minMs: number; readonly maxMs: number }
  | { readonly type: "cron"; readonly expression: string; readonly withSeconds: boolean; readonly timeZone: string }
  | { readonly type: "daily"; readonly interval: number; readonly atTimes: readonly AtTime[]; readonly timeZone: string }
  | {
      readonly type: "weekly";
      readonly interval: number;
      readonly weekdays: readonly number[];
      readonly atTimes: readonly AtTime[];
      readonly timeZone: string;
    }
  | {
      readonly type: "monthly";
      readonly interval: number;
      readonly days: readonly number[];
      readonly atTimes: readonly AtTime[];
      readonly timeZone: string;
    }
  | { readonly type: "oneTime"; readonly at: "immediately" | readonly string[] };

/**
 * A definition compiled for one job: pure next-time arithmetic, no timers, no clock. Every
 * answer is an epoch-ms instant a Date can hold (|t| <= 8.64e15) and later than the one asked
 * about (`first` may answer `now` itself), or `null` for none. A schedule that throws, or
 * answers anything else, ends its job with one logged error.
 */
export interface Schedule {
  /**
   * The first occurrence strictly after `after` (epoch ms), or `null` when there is none. It
   * must depend on `after` only: jobs that share one schedule object and fall due together are
   * asked once, and share the answer.
   */
  next(after: number): number | null;
  /**
   * The first occurrence when the job is (re)started at `now`. Defaults to `next(now)`;
   * one-time jobs run at or after `now`.
   */
  first?(now: number): number | null;
  /**
   * Interval jobs only: the next run counted from the end of the last one
   * (`intervalFromCompletion`), or `null` when it would fall past the Date range.
   */
  afterCompletion?(completedAt: number): number | null;
  /**
   * True when `next` depends on `ScheduleContext.anchor` (intervals counted from it), so the
   * scheduler recompiles the schedule when the job starts later than it was created.
   */
  readonly anchored?: boolean;
  readonly description: ScheduleDescription;
}

/**
 * What `durationJob`, `cronJob`, `dailyJob`, ... return. Input that is wrong on its own
 * (a zero interval, hour 25) throws a `SchedulerError` from the factory; input that is wrong
 * only in context (an unknown zone, a one-time instant already past) throws from `compile`.
 */
export interface JobDefinition {
  readonly type: ScheduleDescription["type"];
  compile(context: ScheduleContext): Schedule;
}

/** Error codes per definition family, so shared validators name the right one. */
export interface TimeCodes {
  readonly hours: SchedulerErrorCode;
  readonly minutesSeconds: SchedulerErrorCode;
  readonly zeroInterval: SchedulerErrorCode;
  readonly atTimesNil: SchedulerErrorCode;
  /** An entry of atTimes that is not an {@link AtTime} (gocron's `*AtTimeNil`). */
  readonly atTimeNil: SchedulerErrorCode;
}
