import { MAX_DATE_MS } from "./clock.ts";
import { SchedulerError, type SchedulerErrorCode as Code, show } from "./errors.ts";

/**
 * One checker per shape of input, so every check is one short call and every message has one
 * shape: `<what> must be <rule>, got <the value, shown>`. Each returns the value it accepted.
 */

/** Throws `code` with the message `<what> must be <rule>, got <shown>`. */
export function bad(code: Code, what: string, rule: string, value: unknown, shown = show(value)): never {
  throw new SchedulerError(code, `${what} must be ${rule}, got ${shown}`);
}

/** An integer from `min` to `max`; `fallback` (a number or null) when undefined and there is one. */
export function int<F extends number | null = number>(value: unknown, min: number, max: number, code: Code, what: string, fallback?: F): number | F {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    bad(code, what, `an integer ${max < Number.MAX_SAFE_INTEGER ? `from ${min} to ${max}` : `>= ${min}`}`, value);
  }
  return value;
}

/** One of `allowed` (compared with ===); `fallback` when undefined and there is one. */
export function oneOf<T, F = T>(value: unknown, allowed: readonly T[], code: Code, what: string, fallback?: F): T | F {
  if (value === undefined && fallback !== undefined) return fallback;
  if (!allowed.includes(value as T)) bad(code, what, allowed.map(show).join(" or "), value);
  return value as T;
}

/** True or false; `fallback` when undefined. */
export function bool(value: unknown, code: Code, what: string, fallback: boolean): boolean {
  return oneOf(value, [true, false], code, what, fallback);
}

/** A function. */
export function fn<T>(value: T, code: Code, what: string): T {
  if (typeof value !== "function") bad(code, what, "a function", value);
  return value;
}

/** A non-null object having a method of each of `names` (none: any object). */
export function obj<T>(value: T, code: Code, what: string, ...names: string[]): T & object {
  let ok = value !== null && typeof value === "object";
  // A plain loop, not names.some(): newJob runs this for every job (W2 registers 100,000).
  for (let i = 0; ok && i < names.length; i++) ok = typeof (value as Record<string, unknown>)[names[i] as string] === "function";
  if (!ok) bad(code, what, names.length > 0 ? `an object with methods ${names.join(", ")}` : "an object", value);
  return value as T & object;
}

/** A string of 1 to `max` characters. */
export function text(value: unknown, code: Code, what: string, max = Infinity): string {
  if (typeof value !== "string" || value === "" || value.length > max) {
    bad(code, what, `a non-empty string${max < Infinity ? ` of at most ${max} characters` : ""}`, value);
  }
  return value;
}

/** The rule for an instant given as a Date or a number. */
export const INSTANT = "a valid Date or epoch ms (|t| <= 8.64e15)";

/**
 * The epoch ms of a valid Date, or with `numbers` also of an epoch-ms number, within the Date
 * range (|t| <= 8.64e15; a valid Date always is).
 */
export function instant(value: unknown, code: Code, what: string, numbers?: boolean): number {
  const ms = numbers && typeof value === "number" ? value : dateMs(value);
  if (!(Math.abs(ms) <= MAX_DATE_MS)) bad(code, what, numbers ? INSTANT : "a valid Date", value);
  return ms;
}

/** The epoch ms of a real, valid Date; NaN for anything else (a Proxy of a Date included). */
export function dateMs(value: unknown): number {
  try {
    return value instanceof Date ? Date.prototype.getTime.call(value) : NaN;
  } catch {
    return NaN;
  }
}
