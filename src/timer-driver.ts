import type { Clock } from "./clock.ts";

/**
 * The longest single timer wait. setTimeout overflows past 2^31-1 ms, and a machine that
 * slept fires timers late, so the scheduler wakes at least this often to re-read the clock.
 */
export const MAX_TIMER_WAIT = 60_000;

/**
 * How early a long wait ends, to finish with a short one. A long timer fires a millisecond or
 * two late (whole-millisecond clocks, a loop clock read before the wait was computed); a short
 * one armed near the due instant is about twice as exact. 5 ms is past the 4 ms floor browsers
 * put on nested timers, so the short wait is not clamped there.
 */
export const FINAL_WAIT = 5;

/** The scheduler's one timer, armed for the earliest due instant of all jobs. */
export class TimerDriver {
  #handle: unknown = null;
  #armedFor = NaN;

  readonly #clock: Clock;
  readonly #onFire: () => void;

  constructor(clock: Clock, onFire: () => void) {
    this.#clock = clock;
    this.#onFire = onFire;
  }

  /** Arms the timer for `dueAt` (or clears it for `undefined`); a no-op if already armed for it. */
  arm(dueAt: number | undefined): void {
    if (dueAt !== undefined && this.#handle !== null && this.#armedFor === dueAt) return;
    this.clear();
    if (dueAt === undefined) return;
    this.#armedFor = dueAt;
    this.#wait(dueAt);
  }

  clear(): void {
    if (this.#handle !== null) this.#clock.clearTimer(this.#handle);
    this.#handle = null;
    this.#armedFor = NaN;
  }

  #wait(dueAt: number): void {
    const left = dueAt - this.#clock.now();
    const wait = left > 2 * FINAL_WAIT ? Math.min(left - FINAL_WAIT, MAX_TIMER_WAIT) : Math.max(0, left);
    this.#handle = this.#clock.setTimer(() => {
      // Woken early (on purpose, or by a timer that ran fast): wait out the rest.
      if (this.#clock.now() < dueAt) return this.#wait(dueAt);
      this.#handle = null;
      this.#onFire();
    }, wait);
  }
}
