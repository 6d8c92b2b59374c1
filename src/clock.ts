/**
 * The one seam through which isocron reads time and arms timers. Swap in a
 * {@link FakeClock} for tests, or a clock with an offset to simulate a skewed instance.
 */
export interface Clock {
  /** The current instant in epoch milliseconds. */
  now(): number;
  /** Calls `callback` once after `delayMs`; returns a handle for {@link Clock.clearTimer}. */
  setTimer(callback: () => void, delayMs: number): unknown;
  /** Cancels a timer armed by {@link Clock.setTimer}; unknown handles are ignored. */
  clearTimer(handle: unknown): void;
}

/** The runtime's own clock: `Date.now()` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Converts a `Date | number` to epoch ms, or NaN when it is neither. */
export function toEpoch(value: Date | number): number {
  if (value instanceof Date) return value.getTime();
  return typeof value === "number" ? value : NaN;
}

/** The longest delay `setTimeout` honours (2^31-1 ms, about 24.8 days); longer ones fire at once in Node. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The last instant a `Date` can hold (ECMAScript's time value range is +-8.64e15 ms). */
export const MAX_DATE_MS = 8.64e15;
