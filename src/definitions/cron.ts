import { bad, oneOf } from "../check.ts";
import { SchedulerError, show } from "../errors.ts";
import { reasonOf, reading } from "../option-values.ts";
import { requireZone } from "../time/zoned.ts";
import type { ZoneOffsets } from "../time/zone-offsets.ts";
import { internCron, type CronEngine } from "./cron-engine.ts";
import type { DstPolicy, JobDefinition, Schedule } from "./definition.ts";

/** Options of {@link cronJob}. */
export interface CronJobOptions {
  /**
   * Six fields, the first being seconds (`"*\/10 * * * * *"`), instead of the classic five.
   * A pattern with the other field count is a `CronJobParse` error.
   * @default false
   */
  withSeconds?: boolean;
}

/** Patterns are checked against this instant for "ever fires" (there is no year field). */
const CHECK_FROM = Date.UTC(2000, 0, 1);

/** `CRON_TZ=Zone ` or `TZ=Zone ` at the start of an expression. */
const ZONE_PREFIX = /^\s*(?:CRON_TZ|TZ)=(\S*)\s+/;

/**
 * Runs on a cron pattern (gocron's `CronJob`), read as croner 11 reads it: five fields
 * (minute hour day-of-month month day-of-week), or six with `withSeconds` (seconds first);
 * `*`, `?`, lists, ranges, steps (`*\/5`, `10-40/10`, `5/15`), names (`MON`, `JAN`), weekday 7
 * = Sunday, `L` (last day; `5L` last Friday), `W` (`15W`, `LW`), `#` (`5#2`), a `+` before the
 * weekday field (both day fields must match) and nicknames (`@daily`).
 *
 * - The pattern is read in the scheduler's `timeZone`; a `CRON_TZ=Zone ` or `TZ=Zone ` prefix
 *   beats it (`"CRON_TZ=Asia/Tokyo 0 9 * * *"`).
 * - When both day-of-month and day-of-week are restricted, either may match (Vixie cron,
 *   robfig/cron): `0 0 13 * 5` runs on every 13th and every Friday.
 * - DST (Vixie's rule): a fixed local time (no `*` or step in the time fields) that does not
 *   exist runs at the end of the gap (or not at all with `dstPolicy: "skip"`), and one that
 *   happens twice runs once, first; wildcard or step hours follow real time.
 *
 * Bad syntax is `CronJobParse` (naming the field and item), a pattern that never fires
 * (`0 0 31 2 *`) is `CronJobInvalid`, an unknown prefix zone is `WithLocationInvalid`.
 *
 * @example cronJob("*\/5 * * * *") // every five minutes
 * @example cronJob("0 30 9 * * MON-FRI", { withSeconds: true })
 */
export function cronJob(expression: string, options: CronJobOptions = {}): JobDefinition {
  if (typeof expression !== "string") bad("CronJobParse", "cronJob expression", "a string", expression);
  const withSeconds = reading("CronJobParse", "cronJob options", () => options?.withSeconds ?? false);
  oneOf(withSeconds, [true, false], "CronJobParse", "cronJob withSeconds");
  const prefix = ZONE_PREFIX.exec(expression);
  const pattern = prefix === null ? expression.trim() : expression.slice(prefix[0].length).trim();
  // An unknown or overlong name is refused without being remembered (see zoneOffsets).
  const prefixZone = prefix === null ? null : requireZone(prefix[1] ?? "");

  // Wrong on its own: check now, in the prefix zone or UTC (the compiled zone is checked again).
  const checked = engineFor(pattern, prefixZone ?? requireZone("UTC"), withSeconds, expression);
  if (!checked._firesAfter(CHECK_FROM)) neverFires(expression, CHECK_FROM);

  return {
    type: "cron",
    compile(context): Schedule {
      const zone = prefixZone ?? requireZone(context.timeZone);
      const policy: DstPolicy = context.dstPolicy === "skip" ? "skip" : "shift";
      const engine = engineFor(pattern, zone, withSeconds, expression);
      checkFires(engine, context.now, policy, expression);
      return scheduleFor(engine, policy, expression, withSeconds, zone.timeZone);
    },
  };
}

/**
 * Jobs with the same engine, policy and expression share one schedule: 10,000 jobs, one object.
 * Stateless (the run memo is on the shared engine), so a batch of them due together reads one
 * hot object; its description is frozen, being shared.
 */
const schedules = new WeakMap<CronEngine, Map<string, Schedule>>();

function scheduleFor(engine: CronEngine, policy: DstPolicy, expression: string, withSeconds: boolean, timeZone: string): Schedule {
  let byKey = schedules.get(engine);
  if (byKey === undefined) schedules.set(engine, (byKey = new Map()));
  const key = `${policy}\u0000${expression}`;
  let schedule = byKey.get(key);
  if (schedule === undefined) {
    const description = Object.freeze({ type: "cron", expression, withSeconds, timeZone } as const);
    byKey.set(key, (schedule = { next: (after) => engine.next(after, policy), description }));
  }
  return schedule;
}

function engineFor(pattern: string, zone: ZoneOffsets, withSeconds: boolean, expression: string): CronEngine {
  try {
    return internCron(pattern, zone, withSeconds);
  } catch (error) {
    const reason = reasonOf(error);
    throw new SchedulerError(
      "CronJobParse",
      `cron expression ${show(expression)} is invalid: ${reason}`,
      { cause: error },
    );
  }
}

function checkFires(engine: CronEngine, from: number, policy: DstPolicy, expression: string): void {
  if (engine.next(from, policy) === null) neverFires(expression, from);
}

function neverFires(expression: string, from: number): never {
  throw new SchedulerError("CronJobInvalid", `cron expression ${show(expression)} never fires after ${show(new Date(from))}`);
}
