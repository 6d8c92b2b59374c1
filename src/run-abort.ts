/**
 * One run's abort switch. The `AbortSignal` is made only when something asks for it (the
 * elector, the locker, or the task reading `signal`): most tasks never do, and at thousands
 * of runs a second an AbortController per run is a measurable cost.
 */
export class RunAbort {
  #controller: AbortController | null = null;
  #aborted = false;
  #reason: unknown;

  get signal(): AbortSignal {
    if (this.#controller === null) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }
}
