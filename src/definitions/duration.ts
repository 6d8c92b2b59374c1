import { MAX_DATE_MS } from "../clock.ts";
import { bad, int } from "../check.ts";
import { SchedulerError, show } from "../errors.ts";
import type { JobDefinition, Schedule } from "./definition.ts";

/**
 * Checks a duration in ms: a whole number from 1 to 8.64e15 (the span of the Date range).
 * Fractions are rejected, not rounded: `durationJob(0.5)` is far more likely a unit mistake
 * (seconds for milliseconds) than a wish to run every millisecond.
 */
export function checkInterval(ms: unknown, what: string): number {
  // Zero and negative integers have their own codes; anything else out of range is Invalid.
  if (Number.isInteger(ms) && (ms as number) <= 0) {
    bad(ms === 0 ? "DurationJobIntervalZero" : "DurationJobIntervalNegative", what, "above 0", ms);
  }
  return int(ms, 1, MAX_DATE_MS, "DurationJobIntervalInvalid", what);
}

/** `t` when a Date can hold it, else null: a schedule past the Date range has no next run. */
export function inRange(t: number): number | null {
  return t <= MAX_DATE_MS ? t : null;
}

/**
 * Runs every `intervalMs` milliseconds (a whole number, 1 to 8.64e15), first `intervalMs`
 * after the job starts (or at `startAt`). The phase is kept: runs fall on start + k * interval
 * even when a run is late. A fractional, zero, negative or non-finite interval is a
 * `DurationJobIntervalInvalid` / `...Zero` / `...Negative` error.
 *
 * @example scheduler.newJob(durationJob(30_000), task) // every 30 s
 */
export function durationJob(intervalMs: number): JobDefinition {
  const interval = checkInterval(intervalMs, "durationJob intervalMs");
  return {
    type: "duration",
    compile(context): Schedule {
      const anchor = context.anchor;
      const next = (after: number): number | null => {
        if (after < anchor) return inRange(anchor + interval);
        let t = anchor + interval * (Math.floor((after - anchor) / interval) + 1);
        // after - anchor can pass 2^53 (anchor and after at opposite ends of the Date range),
        // where it rounds by a few ms: step on, never answer at or before `after`.
        for (let i = 0; t <= after && i < 8; i++) t += interval;
        return t > after ? inRange(t) : null;
      };
      if (next(Math.max(context.now, anchor)) === null) {
        // Its first run would fall past the last instant a Date can hold: it could never run.
        throw new SchedulerError(
          anchor === context.now ? "DurationJobIntervalInvalid" : "WithStartAtInvalid",
          `durationJob(${interval}) from ${show(new Date(anchor))} never runs in the Date range`,
        );
      }
      return {
        next,
        afterCompletion: (completedAt) => inRange(completedAt + interval),
        anchored: true,
        description: { type: "duration", intervalMs: interval },
      };
    },
  };
}
