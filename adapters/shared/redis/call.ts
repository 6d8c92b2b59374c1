import { SchedulerError } from "../../../src/errors.ts";
import type { CallOptions } from "../call-options.ts";
import { Deadline } from "../deadline.ts";
import { failure } from "../scrub.ts";

/** {@link CallOptions}, and the values to scrub. */
export interface RedisCallOptions extends CallOptions {
  /** Values that must never appear in an error (the REST token, lock tokens). */
  secrets?: readonly string[];
}

/** What an operation gets from {@link callRedis}: the signal that cancels its request, and a place to note a transient failure. */
export interface CallContext {
  signal: AbortSignal;
  /** Records a failure that will be retried, so a timeout can name the real cause. */
  note(error: unknown): void;
}

/**
 * Runs one Redis call, bounded by `timeoutMs` on the clock and by `signal`. On a timeout or an
 * abort the request itself is cancelled (the operation's `signal` aborts), and the message names
 * the last failure the operation noted ("connection refused", not only "no answer"). Every
 * failure becomes a scrubbed {@link SchedulerError}.
 */
export function callRedis<T>(operation: (context: CallContext) => Promise<T>, options: RedisCallOptions): Promise<T> {
  const { code, what, clock, timeoutMs, signal, secrets = [] } = options;
  // The shared deadline: its signal aborts (cancelling the request) on the timeout or the caller's abort.
  const deadline = new Deadline(clock, timeoutMs, signal);
  let lastNoted: unknown;
  return new Promise<T>((resolve, reject) => {
    const finish = (settle: () => void): void => {
      deadline.end();
      deadline.signal.removeEventListener("abort", onAbort);
      settle();
    };
    const onAbort = (): void => {
      if (!deadline.timedOut) return finish(() => reject(new SchedulerError(code, `${what}: aborted`, { cause: signal?.reason })));
      const last = lastNoted === undefined ? "" : ` (last error: ${failure(code, "", lastNoted, secrets).message.replace(/^\[isocron\] \w+: : /, "")})`;
      finish(() => reject(new SchedulerError(code, `${what}: no answer within ${timeoutMs} ms${last}`)));
    };
    if (deadline.signal.aborted) return onAbort();
    deadline.signal.addEventListener("abort", onAbort, { once: true });
    let pending: Promise<T>;
    try {
      pending = operation({ signal: deadline.signal, note: (error) => void (lastNoted = error) });
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

/** Describes a reply without echoing it (it may hold a token). */
export function replyShape(reply: unknown): string {
  if (reply === null || reply === undefined) return String(reply);
  if (typeof reply === "number") return String(reply);
  if (Array.isArray(reply)) return `(an array of ${reply.length})`;
  return `(a ${typeof reply})`;
}
