import type { Clock } from "./clock.ts";

/**
 * The longest single timer wait. setTimeout overflows past 2^31-1 ms, and a machine that
 * slept fires timers late, so the scheduler wakes at least this often to re-read the clock.
 */
export const MAX_TIMER_WAIT = 60_000;

/** The scheduler's one timer, armed for the earliest due instant of all jobs. */
export class TimerDriver {
  #handle: unknown = null;
  #armedFor = Number.NaN;

  constructor(
    private readonly clock: Clock,
    private readonly onFire: () => void,
  ) {}

  /** Arms the timer for `dueAt` (or clears it for `undefined`); a no-op if already armed for it. */
  arm(dueAt: number | undefined): void {
    if (dueAt !== undefined && this.#handle !== null && this.#armedFor === dueAt) return;
    this.clear();
    if (dueAt === undefined) return;
    const wait = Math.min(Math.max(0, dueAt - this.clock.now()), MAX_TIMER_WAIT);
    this.#armedFor = dueAt;
    this.#handle = this.clock.setTimer(() => {
      this.#handle = null;
      this.onFire();
    }, wait);
  }

  clear(): void {
    if (this.#handle !== null) this.clock.clearTimer(this.#handle);
    this.#handle = null;
    this.#armedFor = Number.NaN;
  }
}
