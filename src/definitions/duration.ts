import { SchedulerError, show } from "../errors.ts";
import type { JobDefinition, Schedule } from "./definition.ts";

/** Checks a duration in ms: a finite number above zero. */
export function checkInterval(ms: unknown, what: string): number {
  if (typeof ms !== "number" || Number.isNaN(ms) || !Number.isFinite(ms)) {
    throw new SchedulerError("DurationJobIntervalInvalid", `${what} must be a finite number of ms, got ${show(ms)}`);
  }
  if (ms === 0) throw new SchedulerError("DurationJobIntervalZero", `${what} must be above 0 ms, got 0`);
  if (ms < 0) throw new SchedulerError("DurationJobIntervalNegative", `${what} must be above 0 ms, got ${ms}`);
  return ms;
}

/**
 * Runs every `intervalMs` milliseconds, first `intervalMs` after the job starts (or at
 * `startAt`). The phase is kept: runs fall on start + k * interval even when a run is late.
 *
 * @example scheduler.newJob(durationJob(30_000), task) // every 30 s
 */
export function durationJob(intervalMs: number): JobDefinition {
  const interval = checkInterval(intervalMs, "durationJob interval");
  return {
    type: "duration",
    compile(context): Schedule {
      const anchor = context.anchor;
      return {
        next(after) {
          if (after < anchor) return anchor + interval;
          return anchor + interval * (Math.floor((after - anchor) / interval) + 1);
        },
        afterCompletion: (completedAt) => completedAt + interval,
        anchored: true,
        description: { type: "duration", intervalMs: interval },
      };
    },
  };
}
