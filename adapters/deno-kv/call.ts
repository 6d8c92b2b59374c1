import type { Clock } from "../../src/clock.ts";
import { SchedulerError } from "../../src/errors.ts";
import type { CallOptions } from "../shared/call-options.ts";
import { Deadline } from "../shared/deadline.ts";
import { failure } from "../shared/scrub.ts";
import { untilAborted } from "../shared/until-aborted.ts";

/**
 * Runs one Deno KV operation (a few KV calls in a row), bounded by `timeoutMs` on the clock
 * and by `signal`. KV calls cannot be cancelled, so the operation gets the deadline's signal
 * and must not start a write once it aborted. Every failure becomes a {@link SchedulerError}
 * with the KV error as its cause.
 */
export async function callKv<T>(operation: (signal: AbortSignal) => Promise<T>, options: CallOptions): Promise<T> {
  const { code, what, clock, timeoutMs, signal } = options;
  const deadline = new Deadline(clock, timeoutMs, signal);
  try {
    let pending: Promise<T>;
    try {
      stopIfAborted(deadline.signal); // an already aborted call sends nothing
      pending = operation(deadline.signal);
    } catch (error) {
      pending = Promise.reject(error);
    }
    return await untilAborted(pending, deadline.signal);
  } catch (error) {
    if (deadline.timedOut) throw new SchedulerError(code, `${what}: no answer within ${timeoutMs} ms`);
    if (error instanceof SchedulerError) throw error;
    if (deadline.signal.aborted) throw new SchedulerError(code, `${what}: aborted`, { cause: signal?.reason });
    throw failure(code, what, error, []);
  } finally {
    deadline.end();
  }
}

/** Throws the deadline's reason when it aborted: called before every write. */
export function stopIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason;
}

/** SQLite's answer when another process holds the write lock of a local KV file: worth retrying. */
const BUSY = /database is (locked|busy)/i;

/**
 * `call()`, retried after 2, 4, 8 ... (at most 50) ms, jittered, while it fails because another
 * process is writing the same local KV file (SQLite's "database is locked"), until `signal`
 * aborts. A busy SQLite write made no change, so a retry is safe. Any other failure is thrown.
 */
export async function whenFree<T>(call: () => Promise<T>, clock: Clock, signal: AbortSignal): Promise<T> {
  for (let waitMs = 2; ; waitMs = Math.min(waitMs * 2, 50)) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof Error) || !BUSY.test(error.message) || signal.aborted) throw error;
    }
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        clock.clearTimer(timer);
        reject(signal.reason);
      };
      const timer = clock.setTimer(() => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      }, Math.round(waitMs * (0.5 + Math.random())));
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }
}
