import type { DstPolicy, JobDefinition, Schedule, ScheduleContext } from "../../src/definitions/definition.ts";

export const utc = (iso: string): number => Date.parse(iso);

/** A schedule context; `anchor` and `now` default to the same instant. */
export function context(timeZone: string, anchorIso = "2026-01-01T00:00:00Z", dstPolicy: DstPolicy = "shift", nowIso = anchorIso): ScheduleContext {
  return { timeZone, dstPolicy, anchor: utc(anchorIso), now: utc(nowIso) };
}

/** The next `count` runs strictly after `fromIso`, as ISO strings. */
export function runs(schedule: Schedule, fromIso: string, count: number): string[] {
  const out: string[] = [];
  let t: number | null = utc(fromIso);
  for (let i = 0; i < count; i++) {
    t = schedule.next(t);
    if (t === null) break;
    out.push(new Date(t).toISOString().replace(".000Z", "Z"));
  }
  return out;
}

export function compile(definition: JobDefinition, timeZone: string, anchorIso?: string, dstPolicy?: DstPolicy): Schedule {
  return definition.compile(context(timeZone, anchorIso, dstPolicy));
}
