import { toEpoch } from "../clock.ts";
import { SchedulerError, show } from "../errors.ts";
import type { JobDefinition, Schedule } from "./definition.ts";

/**
 * Runs once: `"immediately"` when the job starts, at one instant, or once at each listed
 * instant (sorted, duplicates dropped). Instants that passed before the scheduler started are
 * dropped without running; if all have passed when the job is created, that is an error.
 *
 * @example scheduler.newJob(oneTimeJob(new Date("2026-12-24T18:00:00Z")), task)
 */
export function oneTimeJob(at: "immediately" | Date | number | readonly (Date | number)[]): JobDefinition {
  if (at === "immediately") {
    return {
      type: "oneTime",
      compile: (): Schedule => ({
        first: (now) => now,
        next: () => null,
        description: { type: "oneTime", at: "immediately" },
      }),
    };
  }
  const list = Array.isArray(at) ? at : [at];
  if (list.length === 0) throw new SchedulerError("OneTimeJobStartDateTimeInvalid", "oneTimeJob needs \"immediately\", a Date or a non-empty array of Dates");
  const instants = [...new Set(list.map((value: unknown) => {
    const ms = value instanceof Date || typeof value === "number" ? toEpoch(value) : Number.NaN;
    if (!Number.isFinite(ms)) throw new SchedulerError("OneTimeJobStartDateTimeInvalid", `oneTimeJob instant ${show(value)} is not a valid Date`);
    return ms;
  }))].sort((a, b) => a - b);
  const last = instants[instants.length - 1] as number;
  return {
    type: "oneTime",
    compile(context): Schedule {
      if (last < context.now) {
        throw new SchedulerError(
          "OneTimeJobStartDateTimePast",
          `every oneTimeJob instant is in the past (latest ${new Date(last).toISOString()}, now ${new Date(context.now).toISOString()})`,
        );
      }
      const after = (t: number, inclusive: boolean): number | null => {
        for (const ms of instants) if (inclusive ? ms >= t : ms > t) return ms;
        return null;
      };
      return {
        first: (now) => after(now, true),
        next: (t) => after(t, false),
        description: { type: "oneTime", at: instants.map((ms) => new Date(ms).toISOString()) },
      };
    },
  };
}
