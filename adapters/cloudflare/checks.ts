import type { Clock } from "../../src/clock.ts";
import { SchedulerError, show } from "../../src/errors.ts";
import type { SchedulerErrorCode } from "../../src/errors.ts";
import { MAX_TTL_MS } from "./lease-args.ts";

/** The `clock` option: the system clock when absent, else an object with the three methods. */
export function checkClock(value: unknown, fallback: Clock, code: SchedulerErrorCode, owner: string): Clock {
  if (value === undefined) return fallback;
  const clock = value as Partial<Record<keyof Clock, unknown>> | null;
  if (clock === null || typeof clock !== "object" || typeof clock.now !== "function" || typeof clock.setTimer !== "function" || typeof clock.clearTimer !== "function") {
    throw new SchedulerError(code, `${owner}: clock must have now(), setTimer() and clearTimer(), got ${show(value)}`);
  }
  return value as Clock;
}

/** The `timeoutMs` option: `fallback` when absent, else a number of ms in [1, max]. */
export function checkTimeout(value: unknown, fallback: number, max: number, code: SchedulerErrorCode, owner: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 1 || value > Math.min(max, MAX_TTL_MS)) {
    throw new SchedulerError(code, `${owner}: timeoutMs must be a number of ms in [1, ${Math.min(max, MAX_TTL_MS)}], got ${show(value)}`);
  }
  return value;
}

/** Whether `value` is a real AbortSignal (a look-alike object would throw deep inside). */
export function isAbortSignal(value: unknown): value is AbortSignal {
  return typeof AbortSignal === "function" && value instanceof AbortSignal;
}
