import { fn, obj } from "./check.ts";
import { SchedulerError, type SchedulerErrorCode, show, truncate } from "./errors.ts";
import type { JobListeners, Logger } from "./options.ts";

/**
 * Reading user-given option values defensively: each value is read once (a getter runs once,
 * so it cannot pass a check and then change), and whatever throws while being read (a Proxy,
 * a revoked Proxy, a throwing getter) becomes a {@link SchedulerError}, never a raw TypeError.
 */

/** The message of anything thrown, cut to `max` characters (short enough for another message). */
export function reasonOf(error: unknown, max = 200): string {
  try {
    return truncate(error instanceof Error ? String(error.message) : String(error), max);
  } catch {
    return "an unreadable error";
  }
}

/** Runs `read`; anything but a SchedulerError it throws becomes one with `code`. */
export function reading<T>(code: SchedulerErrorCode, what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw readFailure(code, what, error);
  }
}

/** What {@link reading} throws for `error`, for hot paths that read without a closure. */
export function readFailure(code: SchedulerErrorCode, what: string, error: unknown): SchedulerError {
  return error instanceof SchedulerError ? error : new SchedulerError(code, `${what} could not be read: ${reasonOf(error)}`, { cause: error });
}

/** A copy of an options object's own enumerable properties, each read once. */
export function snapshot<T extends object>(value: unknown, what: string): T {
  const o = obj(value, "WithOptionInvalid", what);
  return reading("WithOptionInvalid", what, () => ({ ...o }) as T);
}

/** Rejects keys not in `allowed`. */
export function checkKeys(value: object, allowed: { has(key: string): boolean }, what: string, code: SchedulerErrorCode = "WithOptionInvalid"): void {
  for (const key of Object.keys(value)) {
    if (!allowed.has(key)) throw new SchedulerError(code, `unknown ${what} option ${show(key)}`);
  }
}

/**
 * An AbortSignal: `instanceof AbortSignal` where the runtime has one; elsewhere anything with
 * `aborted`, `addEventListener` and `removeEventListener`.
 */
export function isAbortSignal(value: unknown): value is AbortSignal {
  if (typeof AbortSignal === "function") return value instanceof AbortSignal;
  if (value === null || typeof value !== "object") return false;
  const s = value as Partial<AbortSignal>;
  return typeof s.aborted === "boolean" && typeof s.addEventListener === "function" && typeof s.removeEventListener === "function";
}

const LISTENERS = new Set(["beforeRun", "shouldRun", "afterRun", "afterRunError", "afterLockError"]);

/**
 * The job's listeners, read once into a plain object: a run never reads the user's object
 * again (a getter there could throw mid-run). Each listener is called with the user's
 * object as `this`, as before.
 */
export function readListeners(on: unknown): JobListeners {
  checkKeys(obj(on, "WithOptionInvalid", "on"), LISTENERS, "on");
  const out: Record<string, (...args: unknown[]) => unknown> = {};
  for (const key of LISTENERS) {
    const f: unknown = (on as Record<string, unknown>)[key];
    if (f === undefined) continue;
    const call = fn(f as (...args: unknown[]) => unknown, "WithOptionInvalid", `on.${key}`);
    out[key] = (...args: unknown[]) => Reflect.apply(call, on, args);
  }
  return out as JobListeners;
}

/** A logger whose throws are swallowed: logging must never stop the scheduler. */
export function safeLogger(logger: Logger): Logger {
  const level = (name: keyof Logger) => (message: string, ...args: unknown[]): void => {
    try {
      logger[name](message, ...args);
    } catch {
      // Nowhere left to report it.
    }
  };
  return Object.fromEntries((["debug", "info", "warn", "error"] as const).map((name) => [name, level(name)])) as unknown as Logger;
}
