import { MAX_DATE_MS } from "../clock.ts";
import { SchedulerError, show } from "../errors.ts";
import type { JobDefinition, Schedule } from "./definition.ts";
import { inRange } from "./duration.ts";

function checkBound(ms: unknown, what: string): number {
  if (typeof ms !== "number" || !Number.isInteger(ms) || ms < 1 || ms > MAX_DATE_MS) {
    throw new SchedulerError("DurationRandomJobPositive", `durationRandomJob ${what} must be a whole number of ms from 1 to ${MAX_DATE_MS}, got ${show(ms)}`);
  }
  return ms;
}

/**
 * Runs again after a wait drawn uniformly from [minMs, maxMs] (whole ms, from 1 to 8.64e15),
 * each wait drawn anew. A fractional, zero, negative or non-finite bound is
 * `DurationRandomJobPositive`; a minimum above the maximum is `DurationRandomJobMinMax`.
 *
 * @example scheduler.newJob(durationRandomJob(60_000, 120_000), task) // every 1-2 minutes
 */
export function durationRandomJob(minMs: number, maxMs: number): JobDefinition {
  const min = checkBound(minMs, "minimum");
  const max = checkBound(maxMs, "maximum");
  if (min > max) {
    throw new SchedulerError("DurationRandomJobMinMax", `durationRandomJob minimum ${min} ms is above maximum ${max} ms`);
  }
  return {
    type: "durationRandom",
    compile(context): Schedule {
      const random = context.random ?? Math.random;
      // Whole ms from min to max: never 0, so the next run is always after the last one.
      const wait = (): number => Math.min(max, Math.max(min, Math.round(min + (max - min) * random())));
      return {
        next: (after) => inRange(after + wait()),
        afterCompletion: (completedAt) => inRange(completedAt + wait()),
        description: { type: "durationRandom", minMs: min, maxMs: max },
      };
    },
  };
}
