/**
 * Every code a {@link SchedulerError} can carry. The names are gocron v2's error names
 * without the `Err` prefix, so a user can search for either.
 */
export type SchedulerErrorCode =
  | "CronJobParse"
  | "CronJobInvalid"
  | "DurationJobIntervalZero"
  | "DurationJobIntervalNegative"
  | "DurationJobIntervalInvalid"
  | "DurationRandomJobPositive"
  | "DurationRandomJobMinMax"
  | "DailyJobAtTimeNil"
  | "DailyJobAtTimesNil"
  | "DailyJobHours"
  | "DailyJobMinutesSeconds"
  | "DailyJobZeroInterval"
  | "WeeklyJobAtTimeNil"
  | "WeeklyJobAtTimesNil"
  | "WeeklyJobDaysOfTheWeekNil"
  | "WeeklyJobDaysOfTheWeek"
  | "WeeklyJobHours"
  | "WeeklyJobMinutesSeconds"
  | "WeeklyJobZeroInterval"
  | "MonthlyJobAtTimeNil"
  | "MonthlyJobAtTimesNil"
  | "MonthlyJobDays"
  | "MonthlyJobDaysNil"
  | "MonthlyJobHours"
  | "MonthlyJobMinutesSeconds"
  | "MonthlyJobZeroInterval"
  | "OneTimeJobStartDateTimePast"
  | "OneTimeJobStartDateTimeInvalid"
  | "NewJobDefinitionInvalid"
  | "NewJobTaskNil"
  | "NewJobTaskNotFunc"
  | "JobNotFound"
  | "JobRunNowFailed"
  | "JobIdentifierDuplicate"
  | "WithNameEmpty"
  | "WithTagsInvalid"
  | "WithLimitedRunsZero"
  | "WithStartDateTimePast"
  | "WithStartAtInvalid"
  | "WithStopDateTimePast"
  | "StartTimeLaterThanEndTime"
  | "StopTimeEarlierThanStartTime"
  | "WithLimitConcurrentJobsZero"
  | "WithStopTimeoutZeroOrNegative"
  | "WithIdentifierNil"
  | "WithLocationInvalid"
  | "WithDstPolicyInvalid"
  | "WithSingletonModeInvalid"
  | "WithMissedRunsInvalid"
  | "WithClockInvalid"
  | "WithElectorInvalid"
  | "WithLockerInvalid"
  | "WithOptionInvalid"
  | "LockerNeedsName"
  | "StateStoreNeedsName"
  | "StopJobsTimedOut"
  | "SchedulerShutdown"
  | "SchedulerStopped"
  | "JobRemoved"
  | "ElectorFailed"
  | "LockerFailed"
  | "UpstashOptionsInvalid"
  | "LeaseRequestInvalid"
  | "WebLocksUnavailable"
  | "WebLocksNameInvalid";

/**
 * The one error class isocron throws or rejects with. `code` names what went wrong,
 * `message` names the bad value and why, `cause` keeps a wrapped failure.
 *
 * @example
 * try { scheduler.newJob(durationJob(0), task) }
 * catch (e) { if (e instanceof SchedulerError && e.code === "DurationJobIntervalZero") ... }
 */
export class SchedulerError extends Error {
  override readonly name = "SchedulerError";
  readonly code: SchedulerErrorCode;

  constructor(code: SchedulerErrorCode, message: string, options?: { cause?: unknown }) {
    super(`[isocron] ${code}: ${message}`, options);
    this.code = code;
  }
}

/** Renders a value for an error message without leaking long or secret-looking strings. */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (typeof value === "function") return "a function";
  if (Array.isArray(value)) return `[${value.map(show).join(", ")}]`;
  if (value !== null && typeof value === "object") return "an object";
  return String(value);
}
