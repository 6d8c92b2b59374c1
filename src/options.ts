import type { Clock } from "./clock.ts";
import type { DstPolicy } from "./definitions/definition.ts";
import type { Elector, Locker } from "./distributed.ts";
import type { Job } from "./job.ts";
import type { Monitor } from "./monitor.ts";
import type { StateStore } from "./state-store.ts";

/** What a task receives each run. */
export interface TaskContext {
  /** Aborts on `stopJobs`, `shutdown`, `removeJob`, `update` and the job's own `signal`. */
  readonly signal: AbortSignal;
  readonly job: Job;
  /** The instant this run was due (for `runNow`, when it was asked for). */
  readonly scheduledAt: Date;
}

/** The work a job does. A thrown error or rejection is the run's error; it never stops the scheduler. */
export type Task = (context: TaskContext) => unknown;

/** `"reschedule"` drops the extra run; `"wait"` queues it (at most 1,000 queued). */
export type LimitMode = "reschedule" | "wait";

/** Where log lines go; silent by default. Secrets never reach it. */
export interface Logger {
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string, ...args: unknown[]): void;
}

/** Event listeners of one job (gocron's `WithEventListeners`). A listener that throws is logged and ignored. */
export interface JobListeners {
  /** Before each run's task, after every gate passed. */
  beforeRun?(job: Job): void;
  /** Asked before each run, after the gates; `false` or a throw skips that run. */
  shouldRun?(job: Job): boolean | Promise<boolean>;
  /** After a run that succeeded. */
  afterRun?(job: Job): void;
  /** After a run whose task threw or rejected. */
  afterRunError?(job: Job, error: unknown): void;
  /** The elector or locker could not be asked; the run was skipped. */
  afterLockError?(job: Job, error: unknown): void;
}

/**
 * Options of one job (gocron's `JobOption`s). Read once, when the job is created: own
 * enumerable properties only, each getter called once; an object that cannot be read (a
 * Proxy that throws, a throwing getter) is a `WithOptionInvalid` error. Listeners (`on`) are
 * read then too.
 */
export interface JobOptions {
  /**
   * A stable name: shown in logs, and the lock key's stem, so required with a locker or a
   * state store. @default the task function's name, else the id
   */
  name?: string;
  /** Labels for `removeByTags`. @default [] */
  tags?: readonly string[];
  /** A caller-chosen id (UUID string). @default a random UUID */
  id?: string;
  /** Never two runs of this job at once: drop (`"reschedule"`) or queue (`"wait"`) the extra run. */
  singletonMode?: LimitMode;
  /** Remove the job after this many runs; skipped runs do not count. */
  limitedRuns?: number;
  /**
   * First run `"immediately"`, or at a future `Date`; `{ anchor }` computes the schedule's phase
   * from a past instant (gocron's `WithStartDateTimePast`).
   */
  startAt?: "immediately" | Date | { readonly anchor: Date };
  /** No run at or after this instant; the job is removed then. */
  stopAt?: Date;
  /**
   * Aborting it removes the job and aborts a running task (gocron's `WithContext`). Must be an
   * `AbortSignal` (`instanceof`, where the runtime has one); already aborted, the job is not added.
   */
  signal?: AbortSignal;
  on?: JobListeners;
  /** Overrides the scheduler's locker; `false` runs this job on every instance. */
  locker?: Locker | false;
  /** Duration jobs only: count the wait from the end of the last run. @default false */
  intervalFromCompletion?: boolean;
  /**
   * After a sleep or stall, occurrences whose successor is also past are missed: `"skip"`
   * drops them (gocron), `"once"` runs one catch-up run. A merely late run still runs.
   * @default "skip"
   */
  missedRuns?: "skip" | "once";
}

/**
 * Options of a {@link Scheduler} (gocron's `SchedulerOption`s). Read once, by the constructor:
 * own enumerable properties only; `undefined` means the default, `null` is an error (except
 * `elector: null`, no elector).
 */
export interface SchedulerOptions {
  /** Where time comes from. @default the runtime's `Date.now` and `setTimeout` */
  clock?: Clock;
  /** IANA zone for cron, daily, weekly and monthly jobs. @default the runtime's zone */
  timeZone?: string;
  /** How wall-clock times that do not exist are handled. @default "shift" */
  dstPolicy?: DstPolicy;
  /**
   * How long `stopJobs`/`shutdown` wait for running tasks, in ms: any finite number above 0
   * (waits longer than a timer can hold are waited in slices). @default 10_000
   */
  stopTimeout?: number;
  /** A cap on runs at once across all jobs. */
  limitConcurrentJobs?: { readonly limit: number; readonly mode?: LimitMode };
  /** Applied to every job; a job's own options win. */
  globalJobOptions?: JobOptions;
  /** Only the leader runs jobs. */
  elector?: Elector;
  /** One instance runs each occurrence. */
  locker?: Locker;
  /** The TTL asked of the locker for each occurrence: whole ms from 1 to 2^31-1. @default 60_000 */
  lockTtlMs?: number;
  /** Keeps job state across host restarts (see {@link StateStore}). */
  stateStore?: StateStore;
  logger?: Logger;
  monitor?: Monitor;
}
