import { SchedulerError, show } from "../errors.ts";
import type { JobDefinition, Schedule } from "./definition.ts";

function checkBound(ms: unknown, what: string): number {
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms <= 0) {
    throw new SchedulerError("DurationRandomJobPositive", `durationRandomJob ${what} must be a finite number of ms above 0, got ${show(ms)}`);
  }
  return ms;
}

/**
 * Runs again after a wait drawn uniformly from [minMs, maxMs], each wait drawn anew.
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
      const wait = (): number => Math.round(min + (max - min) * random());
      return {
        next: (after) => after + wait(),
        afterCompletion: (completedAt) => completedAt + wait(),
        description: { type: "durationRandom", minMs: min, maxMs: max },
      };
    },
  };
}
