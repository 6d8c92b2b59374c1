/**
 * A short, remembered stretch of a pattern's consecutive runs, so jobs that share a pattern
 * share its next-time computations: the first job to walk forward computes each run, the
 * others read it. Valid because a run `r` answers every `after` in [the run before r, r).
 */
export class RunChain {
  /** Every `after` from here on is covered by `runs` (or by `ended`). */
  #from = NaN;
  /** Consecutive runs, ascending; runs[0] is the first run after `from`. */
  #runs: number[] = [];
  /** True when there is no run after the last one in `runs`. */
  #ended = false;

  readonly #capacity: number;

  constructor(capacity = 32) {
    this.#capacity = capacity;
  }

  /** The remembered answer for `after`: a run, `null` for "none", `undefined` for unknown. */
  _lookup(after: number): number | null | undefined {
    if (!(after >= this.#from)) return undefined;
    const runs = this.#runs;
    // Scan from the end: jobs moving in step ask about the latest runs.
    for (let k = runs.length - 1; k >= 0; k--) {
      if ((runs[k] as number) <= after) {
        if (k < runs.length - 1) return runs[k + 1] as number;
        return this.#ended ? null : undefined;
      }
    }
    return runs.length > 0 ? (runs[0] as number) : this.#ended ? null : undefined;
  }

  /** Remembers that the first run after `after` is `result`. */
  _record(after: number, result: number | null): void {
    const last = this.#runs[this.#runs.length - 1];
    if (last !== undefined && after === last && !this.#ended) {
      // Extends the chain: `result` is the run right after the last one.
      if (result === null) {
        this.#ended = true;
        return;
      }
      this.#runs.push(result);
      if (this.#runs.length > this.#capacity) this.#from = this.#runs.shift() as number;
      return;
    }
    this.#from = after;
    this.#runs = result === null ? [] : [result];
    this.#ended = result === null;
  }
}
