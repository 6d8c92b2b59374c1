import type { Clock } from "../../src/clock.ts";
import { SchedulerError, type SchedulerErrorCode } from "../../src/errors.ts";

/**
 * Rewrites an error's text so no secret survives: the client's ", command was: [...]" tail
 * (it carries lock tokens), bearer tokens, URL credentials and any of `secrets`.
 */
export function scrub(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(/,? ?command was:[\s\S]*$/i, "");
  out = out.replace(/Bearer\s+\S+/gi, "Bearer ***");
  out = out.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, "$1***@");
  for (const secret of secrets) if (secret) out = out.split(secret).join("***");
  return out;
}

/** A copy of `error` (and its cause chain, two deep) with scrubbed messages and no stack of its own. */
function scrubbedCause(error: unknown, secrets: readonly string[], depth = 0): Error {
  const source = error instanceof Error ? error : new Error(String(error));
  const nested = depth < 2 && source.cause !== undefined ? { cause: scrubbedCause(source.cause, secrets, depth + 1) } : undefined;
  const copy = new Error(scrub(source.message, secrets), nested);
  copy.name = source.name;
  return copy;
}

/** Wraps a Redis failure in a {@link SchedulerError} whose message and cause are scrubbed. */
export function failure(code: SchedulerErrorCode, what: string, error: unknown, secrets: readonly string[]): SchedulerError {
  if (error instanceof SchedulerError) return error;
  const cause = scrubbedCause(error, secrets);
  const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : "";
  return new SchedulerError(code, `${what}: ${cause.name}: ${cause.message}${inner}`, { cause });
}

export interface CallOptions {
  code: SchedulerErrorCode;
  /** What was being done, for the message, e.g. `UpstashLocker could not take "job@1"`. */
  what: string;
  clock: Clock;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** Values that must never appear in an error (lock tokens). */
  secrets?: readonly string[];
}

/**
 * Awaits one Redis call, bounded by `timeoutMs` on the clock and by `signal`; every failure
 * becomes a scrubbed {@link SchedulerError}. The request itself cannot be cancelled (the
 * client has no per-command signal), so a late answer is dropped.
 */
export function callRedis<T>(operation: () => Promise<T>, options: CallOptions): Promise<T> {
  const { code, what, clock, timeoutMs, signal, secrets = [] } = options;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clock.clearTimer(timer);
      signal?.removeEventListener("abort", onAbort);
      settle();
    };
    const onAbort = () =>
      finish(() => reject(new SchedulerError(code, `${what}: aborted`, { cause: signal?.reason })));
    const timer = clock.setTimer(
      () => finish(() => reject(new SchedulerError(code, `${what}: no answer within ${timeoutMs} ms`))),
      timeoutMs,
    );
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    let pending: Promise<T>;
    try {
      pending = operation();
    } catch (error) {
      return finish(() => reject(failure(code, what, error, secrets)));
    }
    pending.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(failure(code, what, error, secrets))),
    );
  });
}

/** A random token that can never read as a number (the client JSON-parses replies). */
export function randomToken(prefix = "isocron-"): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
