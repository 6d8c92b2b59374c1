import { MAX_DATE_MS } from "./clock.ts";
import type { ScheduleDescription } from "./definitions/definition.ts";
import { int } from "./check.ts";
import type { RunRecord } from "./history.ts";
import type { JobRecord } from "./job-record.ts";

/** What a {@link Job} handle asks of its scheduler. */
export interface JobHost {
  runNow(record: JobRecord): Promise<void>;
  pause(record: JobRecord, on: boolean): void;
  history(record: JobRecord): RunRecord[];
}

/** A Date for epoch ms; null for NaN (none). */
const dateOrNull = (at: number): Date | null => (Number.isNaN(at) ? null : new Date(at));

/** The most instants one `nextRuns` call computes. */
const MAX_NEXT_RUNS = 1_000;

/**
 * The handle `newJob` returns (gocron's `Job`). Read-only views of the job's state, plus
 * `runNow()`.
 */
export class Job {
  readonly #record: JobRecord;
  readonly #host: JobHost;

  /** @internal */
  constructor(record: JobRecord, host: JobHost) {
    this.#record = record;
    this.#host = host;
  }

  get id(): string {
    return this.#record.id;
  }

  get name(): string {
    return this.#record.name;
  }

  get tags(): string[] {
    return [...this.#record.config.tags];
  }

  /** A plain, serialisable description of the definition, e.g. `{ type: "cron", expression, ... }`. */
  get schedule(): ScheduleDescription {
    return this.#record.schedule.description;
  }

  /** Start of the last run, or null. */
  lastRun(): Date | null {
    return dateOrNull(this.#record._lastRun);
  }

  /** End of the last completed run, or null. */
  lastRunCompletedAt(): Date | null {
    return dateOrNull(this.#record._lastCompleted);
  }

  /** The next due instant; null before `start()`, after the last run, or once removed. */
  nextRun(): Date | null {
    const r = this.#record;
    return r._hasNext() ? new Date(r._nextAt) : null;
  }

  /**
   * The next `count` due instants (a whole number from 0 to 1,000, else
   * `JobNextRunsCountInvalid`), never at or past `stopAt` nor beyond `limitedRuns`. Empty
   * before `start()` (or `tick()`), after the last run, or once removed.
   */
  nextRuns(count: number): Date[] {
    int(count, 0, MAX_NEXT_RUNS, "JobNextRunsCountInvalid", "nextRuns(count)");
    const r = this.#record;
    const out: Date[] = [];
    if (!r._hasNext()) return out;
    const limit = Math.min(count, r.config._limitedRuns === null ? Infinity : r.config._limitedRuns - r._runs);
    const stopAt = r.config._stopAt;
    let t: number = r._nextAt;
    while (out.length < limit && (stopAt === null || t < stopAt)) {
      out.push(new Date(t));
      if (r.config._fromCompletion) break;
      const next = this.#after(t);
      if (next === null) break;
      t = next;
    }
    return out;
  }

  /** The schedule's run after `t`, or null when it has none, throws, or answers nonsense. */
  #after(t: number): number | null {
    try {
      const next: unknown = this.#record.schedule.next(t);
      return typeof next === "number" && next > t && next <= MAX_DATE_MS ? next : null;
    } catch {
      return null;
    }
  }

  /**
   * Stops scheduling the job: it leaves the due queue (`nextRun()` is null), its queued runs
   * are skipped (`"paused"`) and a pending retry is dropped; a run in progress goes on. Kept in
   * the `stateStore`, so a restarted host keeps it paused. `runNow()` still runs it.
   */
  pause(): void {
    this.#host.pause(this.#record, true);
  }

  /** Schedules the job's next occurrence after now; occurrences that fell while paused are not run. */
  resume(): void {
    this.#host.pause(this.#record, false);
  }

  isPaused(): boolean {
    return this.#record.paused;
  }

  /**
   * The job's last runs (up to the scheduler's `historySize`), the latest to end first, as plain data (instants in epoch ms).
   * Skips for `"locked"` and `"notLeader"` are not recorded.
   */
  history(): RunRecord[] {
    return this.#host.history(this.#record);
  }

  isRunning(): boolean {
    return this.#record.running > 0;
  }

  /**
   * Runs the job now, through singleton, limits, elector and locker; does not move the
   * schedule; counts towards `limitedRuns`. Settles when the run finished or was skipped.
   */
  runNow(): Promise<void> {
    return this.#host.runNow(this.#record);
  }
}
