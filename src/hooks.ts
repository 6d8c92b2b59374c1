import type { Monitor } from "./monitor.ts";
import type { Logger } from "./options.ts";

/** Calls user code (monitor hooks, listeners, unlock, store) so that a throw is logged, never thrown. */
export class Hooks {
  /** How many times user code was called: a clock reading taken before a call may be stale after it. */
  _callouts = 0;

  /** The option's monitor, then added ones; replaced, never mutated, so a hook may add or remove one. */
  #monitors: Monitor[];
  readonly #logger: Logger;

  constructor(monitor: Monitor | undefined, logger: Logger) {
    this.#monitors = monitor === undefined ? [] : [monitor];
    this.#logger = logger;
  }

  /** Adds a monitor; the returned function removes it (once, however often it is called). */
  _add(monitor: Monitor): () => void {
    this.#monitors = [...this.#monitors, monitor];
    let on = true;
    // Drops the first entry of this monitor (it may have been added twice), on the first call only.
    return () => void (this.#monitors = this.#monitors.filter((m) => m !== monitor || !on || (on = false)));
  }

  /** Whether there is a monitor at all: runs build their RunInfo only then. */
  get _any(): boolean {
    return this.#monitors.length > 0;
  }

  /** Calls a monitor hook on each monitor that has it. */
  notify<K extends keyof Monitor>(hook: K, ...args: Parameters<NonNullable<Monitor[K]>>): void {
    for (const monitor of this.#monitors) {
      // The hook is read inside the guard: a getter that throws is logged like a hook that throws.
      try {
        const fn: unknown = monitor[hook];
        if (fn === undefined) continue;
        this._callouts++;
        Reflect.apply(fn as (...a: unknown[]) => void, monitor, args);
      } catch (error) {
        this.#logger.error(`[isocron] monitor.${hook} threw`, error);
      }
    }
  }

  /** Awaits `fn`; a throw or rejection is logged as "`what` failed" and yields undefined. */
  async call(what: string, fn: (() => unknown) | undefined): Promise<unknown> {
    if (fn === undefined) return undefined;
    this._callouts++;
    try {
      return await fn();
    } catch (error) {
      this.#logger.error(`[isocron] ${what} failed`, error);
      return undefined;
    }
  }
}
