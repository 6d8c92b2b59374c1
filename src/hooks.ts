import type { Monitor } from "./monitor.ts";
import type { Logger } from "./options.ts";

/** Calls user code (monitor hooks, listeners, unlock, store) so that a throw is logged, never thrown. */
export class Hooks {
  /** How many times user code was called: a clock reading taken before a call may be stale after it. */
  _callouts = 0;

  readonly #monitor: Monitor | undefined;
  readonly #logger: Logger;

  constructor(monitor: Monitor | undefined, logger: Logger) {
    this.#monitor = monitor;
    this.#logger = logger;
  }

  /** Whether the monitor has `hook`, so callers can skip building its arguments. */
  _watches(hook: keyof Monitor): boolean {
    if (this.#monitor === undefined) return false;
    try {
      return typeof this.#monitor[hook] === "function";
    } catch (error) {
      this.#logger.error(`[isocron] monitor.${hook} threw`, error);
      return false;
    }
  }

  /** Calls a monitor hook if the monitor has it. */
  notify<K extends keyof Monitor>(hook: K, ...args: Parameters<NonNullable<Monitor[K]>>): void {
    const monitor = this.#monitor;
    if (monitor === undefined) return;
    // The hook is read inside the guard: a getter that throws is logged like a hook that throws.
    try {
      const fn: unknown = monitor[hook];
      if (fn === undefined) return;
      this._callouts++;
      Reflect.apply(fn as (...a: unknown[]) => void, monitor, args);
    } catch (error) {
      this.#logger.error(`[isocron] monitor.${hook} threw`, error);
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
