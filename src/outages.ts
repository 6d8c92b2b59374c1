import { reasonOf } from "./option-values.ts";
import type { Logger } from "./options.ts";

/** The two kinds of coordination backend a run may need. */
export type Backend = "elector" | "locker";

/**
 * Logs an elector's or locker's outage once, not once per run: one warning when it first
 * fails, silence while it keeps failing, one info line (with the runs skipped) when it
 * answers again. Each run's skip is still reported (afterLockError, monitor jobSkipped).
 */
export class Outages {
  /** The backends failing now, with the runs skipped since they failed. */
  readonly #down = new Map<object, number>();

  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** `backend` failed a run (which is skipped). */
  failed(backend: object, kind: Backend, error: unknown): void {
    const skipped = this.#down.get(backend);
    this.#down.set(backend, (skipped ?? 0) + 1);
    if (skipped !== undefined) return;
    this.#logger.warn(`[isocron] the ${kind} failed (${reasonOf(error)}); skipping its runs until it answers`, error);
  }

  /** `backend` answered (whatever it answered): an outage, if any, is over. */
  answered(backend: object, kind: Backend): void {
    if (this.#down.size === 0) return; // the usual case: nothing to look up
    const skipped = this.#down.get(backend);
    if (skipped === undefined) return;
    this.#down.delete(backend);
    this.#logger.info(`[isocron] the ${kind} answers again; ${skipped} run(s) skipped`);
  }
}
