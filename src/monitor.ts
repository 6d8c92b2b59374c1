import type { Job } from "./job.ts";

/** Why a due run did not happen. */
export type SkipReason =
  /** The job is still running and `singletonMode` is `"reschedule"` (or the scheduler limit waits). */
  | "singleton"
  /** The scheduler-wide limit is full and its mode is `"reschedule"`. */
  | "limit"
  /** A `"wait"` queue was full (1,000 entries). */
  | "queueFull"
  /** The elector said another instance leads. */
  | "notLeader"
  /** The elector could not be asked. */
  | "electorError"
  /** Another instance holds this occurrence's lock. */
  | "locked"
  /** The locker could not be asked. */
  | "lockError"
  /** `on.shouldRun` returned false or threw. */
  | "shouldRun"
  /** The occurrence was missed (the process slept or stalled past it) and `missedRuns` is `"skip"`. */
  | "missed"
  /** The scheduler stopped before a queued run could start. */
  | "stopped"
  /** The job was paused while this run waited in a queue. */
  | "paused";

/** Facts about one run, passed to monitor hooks. */
export interface RunInfo {
  /** The instant the run was due. */
  readonly scheduledAt: Date;
  /** When the task started (after every gate passed). */
  readonly startedAt: Date;
  /** Scheduling delay: `startedAt - scheduledAt` in ms. */
  readonly delayMs: number;
  /** The run's id, as the task's context has it (`job.history()` records it). */
  readonly runId: string;
  /** The attempt (1-based; above 1 for a retry). */
  readonly attempt: number;
}

/** A finished run: {@link RunInfo} plus how long the task took. */
export interface RunResult extends RunInfo {
  readonly durationMs: number;
}

/**
 * Observes everything the scheduler does: one interface, every hook optional (gocron's
 * `Monitor`, `MonitorStatus` and `SchedulerMonitor` in one). A hook that throws is logged and
 * ignored; it never stops the scheduler.
 *
 * @example
 * new Scheduler({ monitor: { jobCompleted: (job, r) => metrics.observe(job.name, r.durationMs) } })
 */
export interface Monitor {
  jobRegistered?(job: Job): void;
  jobUnregistered?(job: Job): void;
  jobStarted?(job: Job, info: RunInfo): void;
  jobCompleted?(job: Job, result: RunResult): void;
  jobFailed?(job: Job, error: unknown, result: RunResult): void;
  jobSkipped?(job: Job, reason: SkipReason, info: { readonly scheduledAt: Date; readonly error?: unknown }): void;
  /** An attempt failed and will be retried: `attempt` (2 for the first retry) starts after `delayMs`. */
  jobRetrying?(job: Job, error: unknown, info: { readonly scheduledAt: Date; readonly attempt: number; readonly delayMs: number }): void;
  jobPaused?(job: Job): void;
  jobResumed?(job: Job): void;
  /** The scheduler-wide limit was full when `job` fell due. */
  concurrencyLimitReached?(job: Job, mode: "reschedule" | "wait"): void;
  schedulerStarted?(): void;
  schedulerStopped?(): void;
  schedulerShutdown?(): void;
}
