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
  | "JobNextRunsCountInvalid"
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
  | "WithTimeoutInvalid"
  | "WithRetryInvalid"
  | "WithJitterInvalid"
  | "WithHistorySizeInvalid"
  | "WithInstanceIdInvalid"
  | "JobTimedOut"
  | "LockerNeedsName"
  | "StateStoreNeedsName"
  | "StopJobsTimedOut"
  | "SchedulerShutdown"
  | "SchedulerStopped"
  | "JobRemoved"
  | "ElectorFailed"
  | "LockerFailed"
  | "UpstashOptionsInvalid"
  | "RedisOptionsInvalid"
  | "LeaseRequestInvalid"
  | "HostAdminOptionsInvalid"
  | "HostAdminFailed"
  | "WebLocksUnavailable"
  | "WebLocksNameInvalid"
  | "AdminAuthMissing"
  | "AdminOptionsInvalid";

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

/** A log line about one job: `[isocron] job "<name>": <text>`. */
export function jobNote(name: string, text: string): string {
  return `[isocron] job ${show(name)}: ${text}`;
}

/** Longest string shown, and most array items shown, in a message. */
const MAX_SHOWN_CHARS = 80;
const MAX_SHOWN_ITEMS = 5;
/** Longest rendering of one value: a message never grows with hostile input. */
const MAX_SHOWN_TOTAL = 300;

/** `text` cut to `max` characters, marked with "..." when cut. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/**
 * Renders a value for an error message without leaking long or secret-looking strings: strings
 * cut to 80 characters, arrays to their first 5 items, the whole to 300 characters. Never
 * throws (throwing getters, Proxies, revoked Proxies, Symbols and BigInts included).
 */
export function show(value: unknown): string {
  try {
    return truncate(render(value, true), MAX_SHOWN_TOTAL);
  } catch {
    return "an unreadable value";
  }
}

function render(value: unknown, top: boolean): string {
  switch (typeof value) {
    case "string": return JSON.stringify(truncate(value, MAX_SHOWN_CHARS));
    case "function": return "a function";
    case "symbol": return "a Symbol";
    case "bigint": return `${value}n`;
    case "object": break;
    default: return String(value);
  }
  if (value === null) return "null";
  if (value instanceof Date) {
    const time = Date.prototype.getTime.call(value);
    return Number.isNaN(time) ? "Invalid Date" : new Date(time).toISOString();
  }
  // Nested arrays are not expanded: the first level names the bad value well enough.
  if (!top || !Array.isArray(value)) return Array.isArray(value) ? "an array" : "an object";
  // Index by index, never map(): a sparse array of length 1e9 would be walked whole.
  const length = value.length;
  const shown: string[] = [];
  for (let i = 0; i < Math.min(length, MAX_SHOWN_ITEMS); i++) shown.push(i in value ? render(value[i], false) : "<hole>");
  if (length > MAX_SHOWN_ITEMS) shown.push(`... ${length - MAX_SHOWN_ITEMS} more`);
  return `[${shown.join(", ")}]`;
}
