export { Scheduler } from "./scheduler.ts";
export { Job } from "./job.ts";
export { FakeClock } from "./fake-clock.ts";
export { systemClock, type Clock } from "./clock.ts";
export { SchedulerError, type SchedulerErrorCode } from "./errors.ts";
export { durationJob } from "./definitions/duration.ts";
export { durationRandomJob } from "./definitions/duration-random.ts";
export { cronJob } from "./definitions/cron.ts";
export { dailyJob } from "./definitions/daily.ts";
export { weeklyJob } from "./definitions/weekly.ts";
export { monthlyJob } from "./definitions/monthly.ts";
export { oneTimeJob } from "./definitions/one-time.ts";
export { atTime } from "./definitions/at-time.ts";
export type {
  AtTime, DstPolicy, JobDefinition, Schedule, ScheduleContext, ScheduleDescription,
} from "./definitions/definition.ts";
export type { CronJobOptions } from "./definitions/cron.ts";
export type { Elector, Lock, Locker, LockOptions } from "./distributed.ts";
export type { Monitor, RunInfo, RunResult, SkipReason } from "./monitor.ts";
export type { JobListeners, JobOptions, LimitMode, Logger, RetryOptions, SchedulerOptions, Task, TaskContext } from "./options.ts";
export type { RunOutcome, RunRecord } from "./history.ts";
export { MemoryStateStore, type JobState, type StateStore } from "./state-store.ts";
