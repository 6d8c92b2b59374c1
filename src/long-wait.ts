import { type Clock, MAX_TIMER_MS } from "./clock.ts";

/**
 * Waits `ms` on `clock`, however long: in slices of at most 2^31-1 ms, since a longer
 * setTimeout fires after 1 ms in Node. `cancel()` clears the pending slice; the promise then
 * never settles.
 */
export function longWait(clock: Clock, ms: number): { done: Promise<void>; cancel(): void } {
  const deadline = clock.now() + ms;
  let timer: unknown = null;
  const done = new Promise<void>((resolve) => {
    const wait = (): void => {
      const left = deadline - clock.now();
      if (!(left > 0)) return resolve();
      timer = clock.setTimer(wait, Math.min(left, MAX_TIMER_MS));
    };
    wait();
  });
  return { done, cancel: () => clock.clearTimer(timer) };
}
