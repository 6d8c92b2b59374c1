import { MAX_TIMER_MS, type Clock } from "../../src/clock.ts";
import { SchedulerError, show, type SchedulerErrorCode } from "../../src/errors.ts";
import type { DenoKv, DenoKvKey } from "./kv.ts";

/** Checks one adapter's options; every problem is a {@link SchedulerError} with `code`. */
export class OptionChecker {
  constructor(
    readonly owner: string,
    readonly code: SchedulerErrorCode,
  ) {}

  invalid(message: string): SchedulerError {
    return new SchedulerError(this.code, `${this.owner} ${message}`);
  }

  /** The options object, with no key outside `known` (a typo is an error, not a silent default). */
  object(options: unknown, known: readonly string[]): Record<string, unknown> {
    if (options === null || typeof options !== "object") throw this.invalid(`needs an options object, got ${show(options)}`);
    for (const key of Object.keys(options)) {
      if (!known.includes(key)) throw this.invalid(`has no option ${show(key)} (known: ${known.join(", ")})`);
    }
    return options as Record<string, unknown>;
  }

  kv(value: unknown): DenoKv {
    const kv = value as Partial<Record<keyof DenoKv, unknown>> | null;
    if (kv === null || typeof kv !== "object" || typeof kv.get !== "function" || typeof kv.getMany !== "function" || typeof kv.atomic !== "function") {
      throw this.invalid(`option kv must be a Deno.Kv (from Deno.openKv()), got ${show(value)}`);
    }
    return value as DenoKv;
  }

  /** A Deno KV key (or key prefix): an array of 0 to 20 strings, numbers, bigints, booleans or byte arrays. */
  key(value: unknown, name: string, fallback: DenoKvKey, allowEmpty: boolean): DenoKvKey {
    if (value === undefined) return fallback;
    const ok = Array.isArray(value) && value.length <= 20 && (allowEmpty || value.length > 0) && value.every((part: unknown) =>
      (typeof part === "string" && part.length <= 512) ||
      (typeof part === "number" && !Number.isNaN(part)) ||
      typeof part === "bigint" || typeof part === "boolean" || part instanceof Uint8Array);
    if (!ok) throw this.invalid(`option ${name} must be a Deno KV key (an array of strings, numbers, bigints, booleans or Uint8Arrays), got ${show(value)}`);
    return Object.freeze([...(value as DenoKvKey)]);
  }

  /** An integer number of ms in [min, max]. */
  ms(value: unknown, name: string, fallback: number, min = 1, max = MAX_TIMER_MS): number {
    if (value === undefined) return fallback;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      throw this.invalid(`option ${name} must be an integer number of ms from ${min} to ${max}, got ${show(value)}`);
    }
    return value;
  }

  string(value: unknown, name: string, fallback: string, max: number): string {
    if (value === undefined) return fallback;
    if (typeof value !== "string" || value.length === 0 || value.length > max) {
      throw this.invalid(`option ${name} must be a string of 1 to ${max} characters, got ${show(value)}`);
    }
    return value;
  }

  clock(value: unknown, fallback: Clock): Clock {
    if (value === undefined) return fallback;
    const clock = value as Partial<Record<keyof Clock, unknown>> | null;
    if (clock === null || typeof clock !== "object" || typeof clock.now !== "function" || typeof clock.setTimer !== "function" || typeof clock.clearTimer !== "function") {
      throw this.invalid(`option clock must have now(), setTimer() and clearTimer(), got ${show(value)}`);
    }
    return value as Clock;
  }
}
