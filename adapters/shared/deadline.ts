import type { Clock } from "../../src/clock.ts";

/**
 * One call's abort switch: fires when `timeoutMs` passes on `clock` or when `parent` aborts
 * (the caller's signal, or the elector's stop). Its `signal` goes to `fetch`, so the request
 * itself is cancelled, not only abandoned. Call `end()` once the call settled.
 */
export class Deadline {
  readonly #controller = new AbortController();
  readonly #clock: Clock;
  readonly #timer: unknown;
  readonly #parent: AbortSignal | undefined;
  readonly #onParent = (): void => this.#controller.abort(this.#parent?.reason);
  #timedOut = false;

  constructor(clock: Clock, timeoutMs: number, parent?: AbortSignal) {
    this.#clock = clock;
    this.#parent = parent;
    if (parent?.aborted) this.#onParent();
    else parent?.addEventListener("abort", this.#onParent, { once: true });
    this.#timer = clock.setTimer(() => {
      if (this.#controller.signal.aborted) return;
      this.#timedOut = true;
      this.#controller.abort(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Whether the time ran out before anything else aborted the call. */
  get timedOut(): boolean {
    return this.#timedOut;
  }

  end(): void {
    this.#clock.clearTimer(this.#timer);
    this.#parent?.removeEventListener("abort", this.#onParent);
  }
}
