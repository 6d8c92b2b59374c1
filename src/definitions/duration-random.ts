import { MAX_DATE_MS } from "../clock.ts";
import { bad, int } from "../check.ts";
import type { JobDefinition, Schedule } from "./definition.ts";
import { inRange } from "./duration.ts";

/**
 * Runs again after a wait drawn uniformly from [minMs, maxMs] (whole ms, from 1 to 8.64e15),
 * each wait drawn anew. A fractional, zero, negative or non-finite bound is
 * `DurationRandomJobPositive`; a minimum above the maximum is `DurationRandomJobMinMax`.
 *
 * @example scheduler.newJob(durationRandomJob(60_000, 120_000), task) // every 1-2 minutes
 */
export function durationRandomJob(minMs: number, maxMs: number): JobDefinition {
  const min = int(minMs, 1, MAX_DATE_MS, "DurationRandomJobPositive", "durationRandomJob minMs");
  const max = int(maxMs, 1, MAX_DATE_MS, "DurationRandomJobPositive", "durationRandomJob maxMs");
  if (min > max) bad("DurationRandomJobMinMax", "durationRandomJob maxMs", `>= minMs ${min}`, max);
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
