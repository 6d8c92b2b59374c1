import { MAX_TIMER_MS, type Clock } from "../../../src/clock.ts";
import { SchedulerError, show, type SchedulerErrorCode } from "../../../src/errors.ts";

/**
 * Option checks shared by the Redis lockers and electors, whatever their transport: each
 * failure is a {@link SchedulerError} with the adapter's own code (`UpstashOptionsInvalid`,
 * `RedisOptionsInvalid`) and a message naming the class and the option.
 */
export class OptionChecks {
  constructor(
    readonly owner: string,
    readonly code: SchedulerErrorCode,
  ) {}

  invalid(message: string): SchedulerError {
    return new SchedulerError(this.code, message);
  }

  object(options: unknown): Record<string, unknown> {
    if (options === null || typeof options !== "object") throw this.invalid(`${this.owner} needs an options object, got ${show(options)}`);
    return options as Record<string, unknown>;
  }

  keys(options: Record<string, unknown>, known: readonly string[]): void {
    for (const key of Object.keys(options)) {
      if (!known.includes(key)) throw this.invalid(`${this.owner} has no option ${show(key)} (known: ${known.join(", ")})`);
    }
  }

  /** An integer number of ms in [min, max]; max defaults to the longest timer a runtime honours. */
  ms(value: unknown, name: string, fallback: number, min = 1, max = MAX_TIMER_MS): number {
    if (value === undefined) return fallback;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      throw this.invalid(`${this.owner} option ${name} must be an integer number of ms from ${min} to ${max}, got ${show(value)}`);
    }
    return value;
  }

  string(value: unknown, name: string, fallback: string, allowEmpty = false): string {
    if (value === undefined) return fallback;
    if (typeof value !== "string" || (!allowEmpty && value.length === 0) || value.length > 512) {
      throw this.invalid(`${this.owner} option ${name} must be a ${allowEmpty ? "" : "non-empty "}string of at most 512 characters, got ${show(value)}`);
    }
    return value;
  }

  clock(value: unknown, fallback: Clock): Clock {
    if (value === undefined) return fallback;
    const clock = value as Partial<Clock> | null;
    if (clock === null || typeof clock !== "object" || typeof clock.now !== "function" || typeof clock.setTimer !== "function" || typeof clock.clearTimer !== "function") {
      throw this.invalid(`${this.owner} option clock must have now(), setTimer() and clearTimer(), got ${show(value)}`);
    }
    return value as Clock;
  }
}
