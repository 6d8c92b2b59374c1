import type { Clock } from "../../src/clock.ts";
import type { SchedulerErrorCode } from "../../src/errors.ts";

/** The bounds of one call to a store (`callRedis`, `callKv`) and the error it reports. */
export interface CallOptions {
  code: SchedulerErrorCode;
  /** What was being done, for the message, e.g. `UpstashLocker could not take "job@1"`. */
  what: string;
  clock: Clock;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/**
 * A store's bounded call: runs `operation` until `options.timeoutMs` passes on the clock or
 * `options.signal` aborts, and turns every failure into a `SchedulerError` with `options.code`.
 * `callRedis` and `callKv` stay two: the Redis one scrubs secrets and names the last retried
 * failure in a timeout; the KV one passes a `SchedulerError` abort reason through unwrapped.
 */
export type BoundedCall = <T>(operation: () => Promise<T>, options: CallOptions) => Promise<T>;
