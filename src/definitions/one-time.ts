import { bad, instant, INSTANT, int } from "../check.ts";
import { show } from "../errors.ts";
import { reading } from "../option-values.ts";
import type { JobDefinition, Schedule } from "./definition.ts";

/** Instants one job may list: each run scans them, and a description echoes them. */
const MAX_INSTANTS = 10_000;

/**
 * Runs once: `"immediately"` when the job starts, at one instant, or once at each listed
 * instant (sorted, duplicates dropped). Instants that passed before the scheduler started are
 * dropped without running; if all have passed when the job is created, that is an error. Each
 * instant is a valid Date or epoch ms within the Date range (|t| <= 8.64e15), at most 10,000 of
 * them; anything else (a hole in the array included) is `OneTimeJobStartDateTimeInvalid`.
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
  const instants = reading("OneTimeJobStartDateTimeInvalid", "oneTimeJob instants", () => checkInstants(at));
  const last = instants[instants.length - 1] as number;
  return {
    type: "oneTime",
    compile(context): Schedule {
      if (last < context.now) {
        bad("OneTimeJobStartDateTimePast", "oneTimeJob's last instant", `now (${show(new Date(context.now))}) or later`, new Date(last));
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

/** The instants as epoch ms, sorted, without duplicates. */
function checkInstants(at: unknown): number[] {
  const list: readonly unknown[] = Array.isArray(at) ? at : [at];
  const length = int(list.length, 1, MAX_INSTANTS, "OneTimeJobStartDateTimeInvalid", "oneTimeJob's instant count");
  const seen = new Set<number>();
  // Index by index: map() would skip holes and leave them in the result.
  for (let i = 0; i < length; i++) {
    const what = `oneTimeJob instant ${i}`;
    if (!(i in list)) bad("OneTimeJobStartDateTimeInvalid", what, INSTANT, undefined, "a hole");
    seen.add(instant(list[i], "OneTimeJobStartDateTimeInvalid", what, true) || 0); // -0 and 0 are one instant
  }
  return [...seen].sort((a, b) => a - b);
}
