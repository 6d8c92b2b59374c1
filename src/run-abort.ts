import type { Clock } from "./clock.ts";
import { after } from "./long-wait.ts";

/**
 * One run's abort switch. The `AbortSignal` is made only when something asks for it (the
 * elector, the locker, or the task reading `signal`): most tasks never do, and at thousands
 * of runs a second an AbortController per run is a measurable cost. A run that retries gets a
 * fresh signal per attempt; `abort` (stop, removal) ends the whole run, `expire` (a timeout)
 * only the attempt.
 */
export class RunAbort {
  #controller: AbortController | null = null;
  /** Stopped or removed: no further attempt. */
  #aborted = false;
  /** Ends a pending {@link RunAbort.sleep} early. */
  #wake: (() => void) | null = null;

  get signal(): AbortSignal {
    return (this.#controller ??= new AbortController()).signal;
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.expire(reason);
    this.wake();
  }

  /** Aborts the current attempt's signal only (a second abort keeps the first reason). */
  expire(reason: unknown): void {
    (this.#controller ??= new AbortController()).abort(reason);
  }

  /** A fresh signal for the next attempt. */
  renew(): void {
    this.#controller = null;
  }

  /** Ends a pending sleep now (abort, pause). */
  wake(): void {
    this.#wake?.();
  }

  /** Waits `ms` on `clock`, or until {@link RunAbort.wake}. */
  sleep(clock: Clock, ms: number): Promise<void> {
    return new Promise((resolve) => {
      let cancel = (): void => {};
      const done = (): void => {
        this.#wake = null;
        cancel();
        resolve();
      };
      this.#wake = done;
      cancel = after(clock, ms, done);
    });
  }
}
