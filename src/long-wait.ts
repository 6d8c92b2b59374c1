import { type Clock, MAX_TIMER_MS } from "./clock.ts";

/**
 * Calls `fire` once `ms` have passed on `clock`, however long: in slices of at most 2^31-1 ms,
 * since a longer setTimeout fires after 1 ms in Node. Returns a cancel function. A wait of 0
 * (or less) fires at once, synchronously.
 */
export function after(clock: Clock, ms: number, fire: () => void): () => void {
  const deadline = clock.now() + ms;
  let timer: unknown = null;
  const wait = (): void => {
    const left = deadline - clock.now();
    if (!(left > 0)) return fire();
    timer = clock.setTimer(wait, Math.min(left, MAX_TIMER_MS));
  };
  wait();
  return () => clock.clearTimer(timer);
}
