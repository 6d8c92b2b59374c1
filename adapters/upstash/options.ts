import type { Redis } from "@upstash/redis";
import type { Clock } from "../../src/clock.ts";
import { SchedulerError, show } from "../../src/errors.ts";

/** The part of an `@upstash/redis` client the adapters use (any of its runtime builds fits). */
export type UpstashRedis = Pick<Redis, "set" | "createScript">;

const invalid = (message: string) => new SchedulerError("UpstashOptionsInvalid", message);

export function checkObject(options: unknown, owner: string): Record<string, unknown> {
  if (options === null || typeof options !== "object") throw invalid(`${owner} needs an options object, got ${show(options)}`);
  return options as Record<string, unknown>;
}

export function checkRedis(value: unknown, owner: string): UpstashRedis {
  const redis = value as Partial<Record<"set" | "createScript", unknown>> | null;
  if (redis === null || typeof redis !== "object" || typeof redis.set !== "function" || typeof redis.createScript !== "function") {
    throw invalid(`${owner} option redis must be a Redis client from @upstash/redis, got ${show(value)}`);
  }
  return value as UpstashRedis;
}

export function checkMs(value: unknown, name: string, owner: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw invalid(`${owner} option ${name} must be an integer number of ms >= ${min}, got ${show(value)}`);
  }
  return value;
}

export function checkString(value: unknown, name: string, owner: string, fallback: string, allowEmpty = false): string {
  if (value === undefined) return fallback;
  if (typeof value !== "string" || (!allowEmpty && value.length === 0) || value.length > 512) {
    throw invalid(`${owner} option ${name} must be a ${allowEmpty ? "" : "non-empty "}string of at most 512 characters, got ${show(value)}`);
  }
  return value;
}

export function checkClock(value: unknown, owner: string, fallback: Clock): Clock {
  if (value === undefined) return fallback;
  const clock = value as Partial<Clock> | null;
  if (clock === null || typeof clock !== "object" || typeof clock.now !== "function" || typeof clock.setTimer !== "function" || typeof clock.clearTimer !== "function") {
    throw invalid(`${owner} option clock must have now(), setTimer() and clearTimer(), got ${show(value)}`);
  }
  return value as Clock;
}

export { invalid };

export function checkKeys(options: Record<string, unknown>, known: readonly string[], owner: string): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw invalid(`${owner} has no option ${show(key)} (known: ${known.join(", ")})`);
  }
}
