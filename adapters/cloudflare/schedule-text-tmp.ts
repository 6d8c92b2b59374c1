import type { ScheduleDescription } from "../../src/index.ts";

// TEMPORARY until h/admin's schedule text lands on main: replaced by its import in the merge.
export function scheduleText(schedule: ScheduleDescription): string {
  return schedule.type === "cron" ? `cron ${schedule.expression}` : schedule.type;
}
