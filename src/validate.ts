import type { Clock } from "./clock.ts";
import { MAX_TIMER_MS, systemClock } from "./clock.ts";
import type { DstPolicy } from "./definitions/definition.ts";
import type { Elector, Locker } from "./distributed.ts";
import { bad, bool, fn, instant, int, obj, oneOf, text } from "./check.ts";
import { SchedulerError, show } from "./errors.ts";
import type { Monitor } from "./monitor.ts";
import { checkKeys, isAbortSignal, readListeners, reading, safeLogger, snapshot } from "./option-values.ts";
import type { JobOptions, LimitMode, Logger, RetryOptions, SchedulerOptions } from "./options.ts";
import { uuid } from "./uuid.ts";
import type { StateStore } from "./state-store.ts";
import { localTimeZone, requireZone } from "./time/zoned.ts";

// Keys as one string each: shorter in the script-tag bundle than arrays of strings.
const SCHEDULER_KEYS = new Set(
  "clock timeZone dstPolicy stopTimeout limitConcurrentJobs globalJobOptions elector locker lockTtlMs stateStore logger monitor historySize instanceId".split(" "),
);
const JOB_KEYS = new Set(
  "name tags id singletonMode limitedRuns startAt stopAt signal on locker intervalFromCompletion missedRuns timeoutMs retry jitterMs dstPolicy".split(" "),
);
const RETRY_KEYS = new Set("attempts delayMs backoff maxDelayMs jitter when".split(" "));
const LEVELS = ["debug", "info", "warn", "error"] as const;
const MODES: readonly LimitMode[] = ["reschedule", "wait"];
const DST: readonly DstPolicy[] = ["shift", "skip"];
const SAFE = Number.MAX_SAFE_INTEGER;

const silent = Object.fromEntries(LEVELS.map((level) => [level, () => {}])) as unknown as Logger;

/** Scheduler options with defaults applied; everything checked. */
export interface SchedulerConfig {
  _clock: Clock;
  _timeZone: string;
  dstPolicy: DstPolicy;
  _stopTimeout: number;
  limit: { limit: number; mode: LimitMode } | null;
  _globalJobOptions: JobOptions;
  _elector: Elector | null;
  locker: Locker | null;
  _lockTtlMs: number;
  _logger: Logger;
  _stateStore: StateStore | undefined;
  _monitor: Monitor | undefined;
  _historySize: number;
  _instanceId: string;
}

export function checkLocker(value: unknown, what: string): Locker {
  return obj(value as Locker, "WithLockerInvalid", what, "lock");
}

/** An AbortSignal, else `WithOptionInvalid`. */
export function checkSignal(value: unknown): AbortSignal {
  if (!isAbortSignal(value)) bad("WithOptionInvalid", "signal", "an AbortSignal", value);
  return value;
}

/** Every option read once and checked; anything unreadable (a Proxy, a throwing getter) is `WithOptionInvalid`. */
export function schedulerConfig(options: SchedulerOptions = {}): SchedulerConfig {
  return reading("WithOptionInvalid", "Scheduler options", () => checkScheduler(snapshot<SchedulerOptions>(options, "Scheduler options")));
}

function checkScheduler(o: SchedulerOptions): SchedulerConfig {
  checkKeys(o, SCHEDULER_KEYS, "Scheduler");
  const clock = o.clock === undefined ? systemClock : obj(o.clock, "WithClockInvalid", "clock", "now", "setTimer", "clearTimer");
  const timeZone = o.timeZone === undefined ? localTimeZone() : requireZone(o.timeZone).timeZone;
  const dstPolicy = oneOf(o.dstPolicy ?? "shift", DST, "WithDstPolicyInvalid", "dstPolicy");
  // Any finite wait: stopJobs waits in timer-sized slices, so 2^31 ms does not overflow to 1 ms.
  const stopTimeout = o.stopTimeout ?? 10_000;
  if (typeof stopTimeout !== "number" || !(stopTimeout > 0 && stopTimeout < Infinity)) {
    bad("WithStopTimeoutZeroOrNegative", "stopTimeout", "a finite number of ms above 0", stopTimeout);
  }
  let limit: SchedulerConfig["limit"] = null;
  if (o.limitConcurrentJobs !== undefined) {
    const raw = snapshot<NonNullable<SchedulerOptions["limitConcurrentJobs"]>>(o.limitConcurrentJobs, "limitConcurrentJobs");
    limit = {
      limit: int(raw.limit, 1, SAFE, "WithLimitConcurrentJobsZero", "limitConcurrentJobs.limit"),
      mode: oneOf(raw.mode ?? "reschedule", MODES, "WithOptionInvalid", "limitConcurrentJobs.mode"),
    };
  }
  const elector = o.elector == null ? null : obj(o.elector, "WithElectorInvalid", "elector", "isLeader");
  const locker = o.locker === undefined ? null : checkLocker(o.locker, "locker");
  // A lock is extended by a timer a fraction of its TTL long; past 2^31-1 ms timers overflow.
  const lockTtlMs = int(o.lockTtlMs ?? 60_000, 1, MAX_TIMER_MS, "WithOptionInvalid", "lockTtlMs");
  const logger = o.logger === undefined ? silent : safeLogger(obj(o.logger, "WithOptionInvalid", "logger", ...LEVELS));
  const stateStore = o.stateStore === undefined ? undefined : obj(o.stateStore, "WithOptionInvalid", "stateStore", "load", "save");
  const monitor = o.monitor === undefined ? undefined : obj(o.monitor, "WithOptionInvalid", "monitor");
  const historySize = int(o.historySize, 0, 1000, "WithHistorySizeInvalid", "historySize", 20);
  // None given: the elector's (a string of 1 to 200), so history, locks and the lease name one instance.
  const own = (elector as { instanceId?: unknown } | null)?.instanceId;
  const instanceId = o.instanceId !== undefined ? text(o.instanceId, "WithInstanceIdInvalid", "instanceId", 200)
    : typeof own == "string" && own && own.length < 201 ? own : uuid();
  const globalJobOptions = o.globalJobOptions === undefined ? {} : snapshot<JobOptions>(o.globalJobOptions, "globalJobOptions");
  checkKeys(globalJobOptions, JOB_KEYS, "globalJobOptions");
  return { _clock: clock, _timeZone: timeZone, dstPolicy, _stopTimeout: stopTimeout, limit, _globalJobOptions: globalJobOptions, _elector: elector, locker, _lockTtlMs: lockTtlMs, _logger: logger, _stateStore: stateStore, _monitor: monitor, _historySize: historySize, _instanceId: instanceId };
}

/** Job options after merging with the scheduler's and checking. */
export interface JobConfig {
  id: string | undefined;
  name: string | undefined;
  tags: string[];
  _singletonMode: LimitMode | null;
  _limitedRuns: number | null;
  _startAt: "immediately" | number | null;
  anchor: number | null;
  _stopAt: number | null;
  signal: AbortSignal | null;
  on: JobOptions["on"];
  locker: Locker | null;
  _fromCompletion: boolean;
  _missedRuns: "skip" | "once";
  _timeoutMs: number | null;
  retry: Retry | null;
  _jitterMs: number;
  /** Null: the scheduler's. */
  dstPolicy: DstPolicy | null;
}

/** Retry options with defaults applied. */
export interface Retry {
  attempts: number;
  delayMs: number;
  fixed: boolean;
  maxDelayMs: number;
  jitter: boolean;
  when: ((error: unknown) => boolean) | null;
}

function checkRetry(value: unknown): Retry {
  const C = "WithRetryInvalid";
  const r = snapshot<RetryOptions>(obj(value, C, "retry"), "retry");
  checkKeys(r, RETRY_KEYS, "retry", C);
  const attempts = int(r.attempts, 1, 100, C, "retry.attempts");
  const fixed = oneOf(r.backoff ?? "exponential", ["exponential", "fixed"], C, "retry.backoff") === "fixed";
  const jitter = bool(r.jitter, C, "retry.jitter", true);
  const when = r.when === undefined ? undefined : fn(r.when, C, "retry.when");
  return {
    attempts,
    delayMs: int(r.delayMs, 0, MAX_TIMER_MS, C, "retry.delayMs", 1000),
    fixed,
    maxDelayMs: int(r.maxDelayMs, 0, MAX_TIMER_MS, C, "retry.maxDelayMs", 3_600_000),
    jitter,
    when: when === undefined ? null : (error) => Reflect.apply(when, r, [error]) === true,
  };
}

/** Own options merged over the scheduler's, each read once and checked; anything unreadable is `WithOptionInvalid`. */
export function jobConfig(own: JobOptions | undefined, scheduler: SchedulerConfig, now: number): JobConfig {
  return reading("WithOptionInvalid", "job options", () => checkJob(own === undefined ? undefined : snapshot<JobOptions>(own, "job options"), scheduler, now));
}

function checkJob(own: JobOptions | undefined, scheduler: SchedulerConfig, now: number): JobConfig {
  if (own) checkKeys(own, JOB_KEYS, "job");
  const o: JobOptions = { ...scheduler._globalJobOptions, ...own };
  if (o.name !== undefined && (typeof o.name !== "string" || o.name.trim() === "")) bad("WithNameEmpty", "name", "a non-empty string", o.name);
  if (o.id !== undefined) text(o.id, "WithIdentifierNil", "id");
  const tags = o.tags ?? [];
  if (!Array.isArray(tags)) bad("WithTagsInvalid", "tags", "an array of strings", tags);
  const tagList: string[] = [];
  // Index by index: some() and spread would skip or fill holes.
  for (let i = 0; i < tags.length; i++) {
    const tag: unknown = tags[i];
    if (typeof tag !== "string") bad("WithTagsInvalid", `tags[${i}]`, "a string", tag, i in tags ? undefined : "a hole");
    tagList.push(tag);
  }
  const singletonMode = oneOf(o.singletonMode, MODES, "WithSingletonModeInvalid", "singletonMode", null);
  const limitedRuns = int(o.limitedRuns, 1, SAFE, "WithLimitedRunsZero", "limitedRuns", null);
  let startAt: JobConfig["_startAt"] = null;
  let anchor: number | null = null;
  const s: unknown = o.startAt;
  if (s === "immediately") startAt = s;
  else if (s instanceof Date) {
    startAt = anchor = instant(s, "WithStartAtInvalid", "startAt");
    if (startAt < now) bad("WithStartDateTimePast", "startAt", `now (${show(new Date(now))}) or later (or use { anchor })`, s);
  } else if (s !== null && typeof s === "object" && "anchor" in s) {
    anchor = instant(snapshot<{ anchor: unknown }>(s, "startAt").anchor, "WithStartAtInvalid", "startAt.anchor");
  } else if (s !== undefined) {
    bad("WithStartAtInvalid", "startAt", `"immediately", a Date or { anchor: Date }`, s);
  }
  let stopAt: number | null = null;
  if (o.stopAt !== undefined) {
    stopAt = instant(o.stopAt, "WithStopDateTimePast", "stopAt");
    if (stopAt <= now) bad("WithStopDateTimePast", "stopAt", "in the future", o.stopAt);
    if (typeof startAt === "number" && stopAt <= startAt) bad("StopTimeEarlierThanStartTime", "stopAt", `after startAt ${show(s)}`, o.stopAt);
  }
  if (o.signal !== undefined) checkSignal(o.signal);
  const on = o.on === undefined ? undefined : readListeners(o.on);
  let locker: Locker | null = scheduler.locker;
  if (o.locker === false) locker = null;
  else if (o.locker !== undefined) locker = checkLocker(o.locker, "job locker");
  if (locker !== null && own?.name === undefined && scheduler._globalJobOptions.name === undefined) {
    throw new SchedulerError("LockerNeedsName", "a job with a locker needs option name (its lock key)");
  }
  const missedRuns = oneOf(o.missedRuns ?? "skip", ["skip", "once"] as const, "WithMissedRunsInvalid", "missedRuns");
  const intervalFromCompletion = bool(o.intervalFromCompletion, "WithOptionInvalid", "intervalFromCompletion", false);
  return {
    _timeoutMs: int(o.timeoutMs, 1, MAX_TIMER_MS, "WithTimeoutInvalid", "timeoutMs", null),
    retry: o.retry === undefined ? null : checkRetry(o.retry),
    _jitterMs: int(o.jitterMs, 0, MAX_TIMER_MS, "WithJitterInvalid", "jitterMs", 0),
    dstPolicy: oneOf(o.dstPolicy, DST, "WithDstPolicyInvalid", "dstPolicy", null),
    id: o.id, name: o.name, tags: tagList, _singletonMode: singletonMode, _limitedRuns: limitedRuns, _startAt: startAt, anchor, _stopAt: stopAt,
    signal: o.signal ?? null, on, locker, _fromCompletion: intervalFromCompletion, _missedRuns: missedRuns,
  };
}
