import { atTime } from "../../src/definitions/at-time.ts";
import { cronJob } from "../../src/definitions/cron.ts";
import { dailyJob } from "../../src/definitions/daily.ts";
import type { JobDefinition } from "../../src/definitions/definition.ts";
import { durationJob } from "../../src/definitions/duration.ts";
import { durationRandomJob } from "../../src/definitions/duration-random.ts";
import { monthlyJob } from "../../src/definitions/monthly.ts";
import { oneTimeJob } from "../../src/definitions/one-time.ts";
import { weeklyJob } from "../../src/definitions/weekly.ts";
import { type Rng, T0, anyList, anyValue, pick } from "./hostile-values.ts";

/** A call of one definition factory: its name (for failure messages) and the call itself. */
export interface FactoryCall {
  readonly what: string;
  readonly call: () => JobDefinition;
}

/** Mostly valid, sometimes hostile: so that both paths are walked. */
function maybe<T>(rng: Rng, valid: readonly T[]): unknown {
  return rng() < 0.6 ? pick(rng, valid) : anyValue(rng);
}

function anAtTime(rng: Rng): unknown {
  if (rng() < 0.15) return anyValue(rng);
  return atTime(maybe(rng, [0, 9, 23]) as number, maybe(rng, [0, 30, 59]) as number, maybe(rng, [0, 15]) as number);
}

function atTimes(rng: Rng): unknown {
  return rng() < 0.6 ? [atTime(pick(rng, [0, 9, 17]), pick(rng, [0, 30]))] : anyList(rng, anAtTime);
}

const CRON = [
  "* * * * *", "*/5 * * * *", "0 9 * * 1-5", "CRON_TZ=Asia/Tokyo 0 9 * * *", "@daily", "0 0 31 2 *", "61 * * * *",
  "0 24/2 * * *", "TZ=Mars/Olympus * * * * *", `CRON_TZ=${"z".repeat(4096)} * * * * *`, "*/10 * * * * *",
];

/** A random call of a random definition factory (atTime included, through the wall-clock ones). */
export function factoryCall(rng: Rng): FactoryCall {
  const kind = pick(rng, ["duration", "durationRandom", "cron", "daily", "weekly", "monthly", "oneTime"] as const);
  switch (kind) {
    case "duration": {
      const ms = maybe(rng, [1, 500, 1000, 60_000]);
      return { what: `durationJob(${describe(ms)})`, call: () => durationJob(ms as number) };
    }
    case "durationRandom": {
      const min = maybe(rng, [1, 500]);
      const max = maybe(rng, [1000, 2000]);
      return { what: `durationRandomJob(${describe(min)}, ${describe(max)})`, call: () => durationRandomJob(min as number, max as number) };
    }
    case "cron": {
      const expression = maybe(rng, CRON);
      const options = rng() < 0.5 ? undefined : rng() < 0.5 ? { withSeconds: maybe(rng, [true, false]) } : anyValue(rng);
      return { what: `cronJob(${describe(expression)}, ${describe(options)})`, call: () => cronJob(expression as string, options as never) };
    }
    case "daily": {
      const interval = maybe(rng, [1, 2]);
      const times = atTimes(rng);
      return { what: `dailyJob(${describe(interval)}, ${describe(times)})`, call: () => dailyJob(interval as number, times as never) };
    }
    case "weekly": {
      const interval = maybe(rng, [1, 2]);
      const days = rng() < 0.6 ? [1, 3] : anyList(rng, (r) => maybe(r, [0, 6]));
      const times = atTimes(rng);
      return { what: `weeklyJob(${describe(interval)}, ${describe(days)}, ${describe(times)})`, call: () => weeklyJob(interval as number, days as never, times as never) };
    }
    case "monthly": {
      const interval = maybe(rng, [1, 3, 12]);
      const days = rng() < 0.6 ? [1, -1] : anyList(rng, (r) => maybe(r, [1, 15, 31, -1, -31]));
      const times = atTimes(rng);
      return { what: `monthlyJob(${describe(interval)}, ${describe(days)}, ${describe(times)})`, call: () => monthlyJob(interval as number, days as never, times as never) };
    }
    case "oneTime": {
      const at = rng() < 0.2 ? "immediately" : rng() < 0.5 ? maybe(rng, [new Date(T0 + 5000), T0 + 7000]) : anyList(rng, (r) => maybe(r, [new Date(T0 + 3000), T0 + 9000]));
      return { what: `oneTimeJob(${describe(at)})`, call: () => oneTimeJob(at as never) };
    }
  }
}

/** A short, never-throwing description of a drawn value, for failure messages. */
export function describe(value: unknown): string {
  try {
    if (typeof value === "string") return value.length > 40 ? `"${value.slice(0, 20)}..." (${value.length} chars)` : JSON.stringify(value);
    if (typeof value === "bigint") return `${value}n`;
    if (typeof value === "symbol") return "Symbol()";
    if (typeof value === "function") return "a function";
    if (value instanceof Date) return `Date(${value.getTime()})`;
    if (Array.isArray(value)) return value.length > 5 ? `an array of ${value.length}` : `[${Array.from(value, describe).join(", ")}]`;
    if (typeof value === "object" && value !== null) return `{${Object.keys(value).join(",")}}`;
    return Object.is(value, -0) ? "-0" : String(value);
  } catch {
    return "a hostile object";
  }
}
