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
  /** The instant this run was due (for `runNow`, when it was asked for); the same on every attempt. */
  readonly scheduledAt: Date;
  /**
   * `"<job name>@<scheduledAt epoch ms>"`: the same on every instance and every attempt of one
   * occurrence (an idempotency key); `"<job name>@runNow-<uuid>"` for `runNow()`.
   */
  readonly runId: string;
  /** 1 for the first attempt, 2 for the first retry, ... */
  readonly attempt: number;
}

/** How a failed run is retried (job option `retry`). Retries belong to their occurrence. */
export interface RetryOptions {
  /** Every attempt, the first included: a whole number from 1 to 100. */
  attempts: number;
  /** The wait before the 2nd attempt, in whole ms (0 to 2^31-1). @default 1_000 */
  delayMs?: number;
  /** `"exponential"` doubles the wait each retry; `"fixed"` keeps it. @default "exponential" */
  backoff?: "exponential" | "fixed";
  /** The longest wait, in whole ms (0 to 2^31-1). @default 3_600_000 */
  maxDelayMs?: number;
  /** Draw each wait uniformly from [wait/2, wait]. @default true */
  jitter?: boolean;
  /** Whether an error is worth retrying; a throw counts as false. @default every error */
  when?(error: unknown): boolean;
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
  /**
   * Each attempt's signal aborts with `SchedulerError("JobTimedOut")` after this many ms (whole,
   * 1 to 2^31-1) and the attempt fails then. A task that ignores its signal keeps its singleton
   * and limit slot until it settles; its late result is ignored.
   */
  timeoutMs?: number;
  /** Retries a failed run (see {@link RetryOptions}). */
  retry?: RetryOptions;
  /**
   * Each scheduled run starts at a uniform random instant in [scheduledAt, scheduledAt +
   * jitterMs] (whole ms, 0 to 2^31-1); scheduledAt, the lock key and runId keep the scheduled
   * instant. Keep it shorter than the job's interval. @default 0
   */
  jitterMs?: number;
  /** This job's DST policy (gocron's `WithDaylightSavingsTimePolicy`). @default the scheduler's */
  dstPolicy?: DstPolicy;
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
  /** Runs kept per job for `job.history()`: a whole number from 0 (off) to 1,000. @default 20 */
  historySize?: number;
  /**
   * This instance's name, 1 to 200 characters: recorded in history and passed to the locker as
   * the lock's holder. @default the elector's `instanceId` when it has a string one of 1 to 200
   * characters (so history, locks and the leader lease name the same instance), else a random UUID
   */
  instanceId?: string;
}
