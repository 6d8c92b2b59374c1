import type { JobDefinition, Schedule } from "./definitions/definition.ts";
import type { DueSlot, Queued } from "./due-queue.ts";
import type { HistoryHolder, Ring } from "./history.ts";
import type { Job } from "./job.ts";
import type { Task } from "./options.ts";
import type { Run } from "./run.ts";
import type { JobConfig } from "./validate.ts";

/**
 * What a job needs to recompile its schedule with a later anchor (when it starts, or when its
 * stored state arrives). Only jobs whose schedule counts intervals from an implicit anchor
 * have one; others never recompile.
 */
export interface Recompile {
  readonly definition: JobDefinition;
  /** The clock's now when the job was created: what validation was checked against. */
  readonly createdAt: number;
  /** The anchor `schedule` was compiled with. */
  readonly anchor: number;
}

// The job's yes/no states, as bits of one number: five boolean fields would take five slots in every job.
const STOP_MARKER = 1;
const SCHEDULED = 2;
const EXHAUSTED = 4;
const REMOVED = 8;
const RESTORED = 16;
const PAUSED = 32;

/** A function's name, read once and safely (a Proxy of a function may throw on any read). */
function functionName(fn: Task): string {
  try {
    const name: unknown = fn.name;
    return typeof name === "string" ? name : "";
  } catch {
    return "";
  }
}

/** Everything the scheduler keeps about one job. Internal; users see {@link Job}. */
export class JobRecord implements Queued, HistoryHolder {
  dueAt = 0;
  /** Where the job waits in the due queue; null when not scheduled. */
  slot: DueSlot<Queued> | null = null;
  _slotIndex = 0;
  #flags = 0;
  _runs = 0;
  running = 0;
  /** Runs of this job queued in a singleton or limit queue. */
  queued = 0;
  /** Start of the last run and end of the last completed one; NaN for none (a number field, not boxed per store). */
  _lastRun = NaN;
  _lastCompleted = NaN;
  /** The run in flight, and any others running beside it (a Set only when runs overlap). */
  current: Run | null = null;
  overlapping: Set<Run> | null = null;
  /** Runs waiting for this job's singleton slot; made on first use. */
  _singletonQueue: Run[] | null = null;
  _detach: (() => void) | null = null;
  _job!: Job;
  /** The last runs, for `job.history()`: a block shared with a few other jobs, taken on the first run, and this job's lane in it. */
  _ring: Ring | null = null;
  _hist = 0;
  /** How far this occurrence's start is jittered past its scheduled instant (`dueAt - jitter`), in ms. */
  _jitter = 0;
  /** Kept until first scheduled (longer with a state store), then dropped; see {@link Recompile}. */
  _recompile: Recompile | null = null;

  /** The `name` option, else the task's function name, else the id. */
  // `declare`: set by the constructor only, so the script tag carries no field list for them.
  declare readonly id: string;
  declare schedule: Schedule;
  declare readonly task: Task;
  declare readonly config: JobConfig;
  declare readonly name: string;

  constructor(id: string, schedule: Schedule, task: Task, config: JobConfig) {
    this.id = id;
    this.schedule = schedule;
    this.task = task;
    this.config = config;
    this.name = config.name ?? (functionName(task) || id);
  }

  /** The queue entry is the `stopAt` instant: the job is removed when it comes due. */
  get _stopMarker(): boolean {
    return this.#has(STOP_MARKER);
  }
  set _stopMarker(on: boolean) {
    this.#set(STOP_MARKER, on);
  }

  /** Scheduled at least once since the scheduler started (before that, nextRun is empty). */
  get scheduled(): boolean {
    return this.#has(SCHEDULED);
  }
  set scheduled(on: boolean) {
    this.#set(SCHEDULED, on);
  }

  /** No further occurrence; the job is removed once its last run settles. */
  get _exhausted(): boolean {
    return this.#has(EXHAUSTED);
  }
  set _exhausted(on: boolean) {
    this.#set(EXHAUSTED, on);
  }

  get removed(): boolean {
    return this.#has(REMOVED);
  }
  set removed(on: boolean) {
    this.#set(REMOVED, on);
  }

  /** State was loaded from the store (or there is no store). */
  get restored(): boolean {
    return this.#has(RESTORED);
  }
  set restored(on: boolean) {
    this.#set(RESTORED, on);
  }

  get paused(): boolean {
    return this.#has(PAUSED);
  }
  set paused(on: boolean) {
    this.#set(PAUSED, on);
  }

  #has(bit: number): boolean {
    return (this.#flags & bit) !== 0;
  }

  #set(bit: number, on: boolean): void {
    this.#flags = on ? this.#flags | bit : this.#flags & ~bit;
  }

  /** Aborts every run in flight (`reason` given: stop, removal) or ends their pending retry waits (pause). */
  _abortRuns(reason?: unknown): void {
    for (const run of this.overlapping === null ? [this.current] : [this.current, ...this.overlapping]) {
      if (reason === undefined) run?.wake();
      else run?.abort(reason);
    }
  }

  /** The scheduled instant of the queued occurrence (its start may be jittered later). */
  get _nextAt(): number {
    return this.dueAt - this._jitter;
  }

  /** Tracks a run in flight so removal and shutdown can abort it. */
  track(run: Run): void {
    if (this.current === null) this.current = run;
    else (this.overlapping ??= new Set()).add(run);
  }

  _untrack(run: Run): void {
    if (this.current === run) this.current = null;
    else this.overlapping?.delete(run);
  }

  /** True while the heap entry is a real occurrence (not the stop marker). */
  _hasNext(): boolean {
    return this.slot !== null && !this._stopMarker;
  }
}
