import type { JobDefinition, Schedule } from "./definitions/definition.ts";
import type { DueSlot, Queued } from "./due-queue.ts";
import type { Job } from "./job.ts";
import type { Task } from "./options.ts";
import type { RunAbort } from "./run-abort.ts";
import type { Run } from "./run.ts";
import type { JobConfig } from "./validate.ts";

/** Everything the scheduler keeps about one job. Internal; users see {@link Job}. */
export class JobRecord implements Queued {
  dueAt = 0;
  /** Where the job waits in the due queue; null when not scheduled. */
  slot: DueSlot<Queued> | null = null;
  slotIndex = 0;
  /** The queue entry is the `stopAt` instant: the job is removed when it comes due. */
  stopMarker = false;
  /** Scheduled at least once since the scheduler started (before that, nextRun is empty). */
  scheduled = false;
  /** No further occurrence; the job is removed once its last run settles. */
  exhausted = false;
  removed = false;
  /** State was loaded from the store (or there is no store). */
  restored = false;
  runs = 0;
  running = 0;
  /** Runs of this job queued in a singleton or limit queue. */
  queued = 0;
  /** Start of the last run and end of the last completed one; NaN for none (a number field, not boxed per store). */
  lastRun = Number.NaN;
  lastCompleted = Number.NaN;
  /** The run in flight, and any others running beside it (a Set only when runs overlap). */
  current: RunAbort | null = null;
  overlapping: Set<RunAbort> | null = null;
  /** Runs waiting for this job's singleton slot; made on first use. */
  singletonQueue: Run[] | null = null;
  detach: (() => void) | null = null;
  job!: Job;
  /** Kept until first scheduled, to recompile with the start instant as anchor; then dropped. */
  definition: JobDefinition | null = null;

  constructor(
    readonly id: string,
    readonly name: string,
    public schedule: Schedule,
    readonly task: Task,
    readonly config: JobConfig,
    /** The anchor `schedule` was compiled with. */
    public anchor: number,
    /** The clock's now when the job was created: what validation was checked against. */
    readonly createdAt: number,
  ) {}

  /** Aborts the signal of every run in flight. */
  abortRuns(reason: unknown): void {
    this.current?.abort(reason);
    if (this.overlapping !== null) for (const run of this.overlapping) run.abort(reason);
  }

  /** Tracks a run in flight so removal and shutdown can abort it. */
  track(run: RunAbort): void {
    if (this.current === null) this.current = run;
    else (this.overlapping ??= new Set()).add(run);
  }

  untrack(run: RunAbort): void {
    if (this.current === run) this.current = null;
    else this.overlapping?.delete(run);
  }

  /** True while the heap entry is a real occurrence (not the stop marker). */
  hasNext(): boolean {
    return this.slot !== null && !this.stopMarker;
  }
}
