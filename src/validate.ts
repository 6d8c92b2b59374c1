import type { Clock } from "./clock.ts";
import { MAX_TIMER_MS, systemClock } from "./clock.ts";
import type { DstPolicy } from "./definitions/definition.ts";
import type { Elector, Locker } from "./distributed.ts";
import { SchedulerError, type SchedulerErrorCode, show } from "./errors.ts";
import type { Monitor } from "./monitor.ts";
import { checkKeys, dateMs, isAbortSignal, readListeners, reading, safeLogger, snapshot } from "./option-values.ts";
import type { JobOptions, LimitMode, Logger, RetryOptions, SchedulerOptions } from "./options.ts";
import { uuid } from "./uuid.ts";
import type { StateStore } from "./state-store.ts";
import { isValidTimeZone, localTimeZone } from "./time/zoned.ts";

const SCHEDULER_KEYS = new Set([
  "clock", "timeZone", "dstPolicy", "stopTimeout", "limitConcurrentJobs", "globalJobOptions",
  "elector", "locker", "lockTtlMs", "stateStore", "logger", "monitor", "historySize", "instanceId",
]);
const JOB_KEYS = new Set([
  "name", "tags", "id", "singletonMode", "limitedRuns", "startAt", "stopAt", "signal", "on",
  "locker", "intervalFromCompletion", "missedRuns", "timeoutMs", "retry", "jitterMs", "dstPolicy",
]);
const RETRY_KEYS = new Set(["attempts", "delayMs", "backoff", "maxDelayMs", "jitter", "when"]);

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** IANA names are far shorter; a longer string is not looked up (nor cached) at all. */
const MAX_ZONE_NAME = 255;

function isFn(value: unknown): boolean {
  return typeof value === "function";
}

/** A whole number of ms from `min` to 2^31-1 (`fallback` when undefined), else `code`. */
function whole(value: unknown, fallback: number, min: number, code: SchedulerErrorCode, what: string, max = MAX_TIMER_MS): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new SchedulerError(code, `${what} must be a whole number from ${min} to ${max}, got ${show(value)}`);
  }
  return value;
}

function dst(value: unknown): DstPolicy {
  if (value === "shift" || value === "skip") return value;
  throw new SchedulerError("WithDstPolicyInvalid", `dstPolicy must be "shift" or "skip", got ${show(value)}`);
}

function mode(value: unknown, code: "WithSingletonModeInvalid" | "WithOptionInvalid", what: string): LimitMode {
  if (value === "reschedule" || value === "wait") return value;
  throw new SchedulerError(code, `${what} must be "reschedule" or "wait", got ${show(value)}`);
}

/** Scheduler options with defaults applied; everything checked. */
export interface SchedulerConfig {
  clock: Clock;
  timeZone: string;
  dstPolicy: DstPolicy;
  stopTimeout: number;
  limit: { limit: number; mode: LimitMode } | null;
  globalJobOptions: JobOptions;
  elector: Elector | null;
  locker: Locker | null;
  lockTtlMs: number;
  logger: Logger;
  stateStore: StateStore | undefined;
  monitor: Monitor | undefined;
  historySize: number;
  instanceId: string;
}

export function checkLocker(value: unknown, what: string): Locker {
  if (value === null || typeof value !== "object" || !isFn((value as Locker).lock)) {
    throw new SchedulerError("WithLockerInvalid", `${what} must have a lock(key, options) method, got ${show(value)}`);
  }
  return value as Locker;
}

/** Every option read once and checked; anything unreadable (a Proxy, a throwing getter) is `WithOptionInvalid`. */
export function schedulerConfig(options: SchedulerOptions = {}): SchedulerConfig {
  return reading("WithOptionInvalid", "Scheduler options", () => checkScheduler(snapshot<SchedulerOptions>(options, "Scheduler options")));
}

function checkScheduler(options: SchedulerOptions): SchedulerConfig {
  checkKeys(options, SCHEDULER_KEYS, "Scheduler");
  const clock = options.clock === undefined ? systemClock : options.clock;
  if (clock === null || typeof clock !== "object" || !isFn(clock.now) || !isFn(clock.setTimer) || !isFn(clock.clearTimer)) {
    throw new SchedulerError("WithClockInvalid", `clock must have now(), setTimer(callback, ms) and clearTimer(handle), got ${show(clock)}`);
  }
  const timeZone = options.timeZone === undefined ? localTimeZone() : options.timeZone;
  if (typeof timeZone !== "string" || timeZone.length > MAX_ZONE_NAME || !isValidTimeZone(timeZone)) {
    throw new SchedulerError("WithLocationInvalid", `timeZone ${show(timeZone)} is not an IANA time zone this runtime knows`);
  }
  const dstPolicy = dst(options.dstPolicy ?? "shift");
  // Any finite wait: stopJobs waits in timer-sized slices, so 2^31 ms does not overflow to 1 ms.
  const stopTimeout = options.stopTimeout ?? 10_000;
  if (typeof stopTimeout !== "number" || !(stopTimeout > 0) || !Number.isFinite(stopTimeout)) {
    throw new SchedulerError("WithStopTimeoutZeroOrNegative", `stopTimeout must be a finite number of ms above 0, got ${show(stopTimeout)}`);
  }
  let limit: SchedulerConfig["limit"] = null;
  if (options.limitConcurrentJobs !== undefined) {
    const raw = snapshot<NonNullable<SchedulerOptions["limitConcurrentJobs"]>>(options.limitConcurrentJobs, "limitConcurrentJobs");
    const n = raw.limit;
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n <= 0) {
      throw new SchedulerError("WithLimitConcurrentJobsZero", `limitConcurrentJobs.limit must be an integer above 0, got ${show(n)}`);
    }
    limit = { limit: n, mode: mode(raw.mode ?? "reschedule", "WithOptionInvalid", "limitConcurrentJobs.mode") };
  }
  const elector = options.elector ?? null;
  if (elector !== null && (typeof elector !== "object" || !isFn(elector.isLeader))) {
    throw new SchedulerError("WithElectorInvalid", `elector must have an isLeader(signal) method, got ${show(elector)}`);
  }
  const locker = options.locker === undefined ? null : checkLocker(options.locker, "locker");
  // A lock is extended by a timer a fraction of its TTL long; past 2^31-1 ms timers overflow.
  const lockTtlMs = options.lockTtlMs ?? 60_000;
  if (typeof lockTtlMs !== "number" || !Number.isInteger(lockTtlMs) || lockTtlMs < 1 || lockTtlMs > MAX_TIMER_MS) {
    throw new SchedulerError("WithOptionInvalid", `lockTtlMs must be a whole number of ms from 1 to ${MAX_TIMER_MS}, got ${show(lockTtlMs)}`);
  }
  const logger = options.logger === undefined ? silent : options.logger;
  if (logger === null || typeof logger !== "object") throw new SchedulerError("WithOptionInvalid", `logger must be an object, got ${show(logger)}`);
  for (const level of ["debug", "info", "warn", "error"] as const) {
    if (!isFn(logger[level])) throw new SchedulerError("WithOptionInvalid", `logger must have a ${level}() method`);
  }
  const stateStore = options.stateStore;
  if (stateStore !== undefined && (stateStore === null || typeof stateStore !== "object" || !isFn(stateStore.load) || !isFn(stateStore.save))) {
    throw new SchedulerError("WithOptionInvalid", `stateStore must have load(key) and save(key, state) methods, got ${show(stateStore)}`);
  }
  const monitor = options.monitor;
  if (monitor !== undefined && (monitor === null || typeof monitor !== "object")) {
    throw new SchedulerError("WithOptionInvalid", `monitor must be an object of hooks, got ${show(monitor)}`);
  }
  const historySize = whole(options.historySize, 20, 0, "WithHistorySizeInvalid", "historySize", 1000);
  const instanceId = options.instanceId === undefined ? uuid() : options.instanceId;
  if (typeof instanceId !== "string" || instanceId === "" || instanceId.length > 200) {
    throw new SchedulerError("WithInstanceIdInvalid", `instanceId must be a string of 1 to 200 characters, got ${show(instanceId)}`);
  }
  const globalJobOptions = options.globalJobOptions === undefined ? {} : snapshot<JobOptions>(options.globalJobOptions, "globalJobOptions");
  checkKeys(globalJobOptions, JOB_KEYS, "globalJobOptions");
  return {
    clock, timeZone, dstPolicy, stopTimeout, limit, globalJobOptions, elector, locker, lockTtlMs,
    logger: logger === silent ? silent : safeLogger(logger), stateStore, monitor, historySize, instanceId,
  };
}

/** Job options after merging with the scheduler's and checking. */
export interface JobConfig {
  id: string | undefined;
  name: string | undefined;
  tags: string[];
  singletonMode: LimitMode | null;
  limitedRuns: number | null;
  startAt: "immediately" | number | null;
  anchor: number | null;
  stopAt: number | null;
  signal: AbortSignal | null;
  on: JobOptions["on"];
  locker: Locker | null;
  intervalFromCompletion: boolean;
  missedRuns: "skip" | "once";
  timeoutMs: number | null;
  retry: Retry | null;
  jitterMs: number;
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
  if (value === null || typeof value !== "object") throw new SchedulerError("WithRetryInvalid", `retry must be an object, got ${show(value)}`);
  const r = snapshot<RetryOptions>(value, "retry");
  const bad = (why: string): never => {
    throw new SchedulerError("WithRetryInvalid", `retry.${why}`);
  };
  for (const key of Object.keys(r)) if (!RETRY_KEYS.has(key)) bad(`${key} is not a retry option`);
  const attempts = whole(r.attempts, Number.NaN, 1, "WithRetryInvalid", "retry.attempts", 100);
  if (Number.isNaN(attempts)) bad("attempts is missing");
  const backoff = r.backoff ?? "exponential";
  if (backoff !== "exponential" && backoff !== "fixed") bad(`backoff must be "exponential" or "fixed", got ${show(backoff)}`);
  if (r.jitter !== undefined && typeof r.jitter !== "boolean") bad(`jitter must be a boolean, got ${show(r.jitter)}`);
  if (r.when !== undefined && !isFn(r.when)) bad(`when must be a function, got ${show(r.when)}`);
  const when = r.when;
  return {
    attempts,
    delayMs: whole(r.delayMs, 1000, 0, "WithRetryInvalid", "retry.delayMs"),
    fixed: backoff === "fixed",
    maxDelayMs: whole(r.maxDelayMs, 3_600_000, 0, "WithRetryInvalid", "retry.maxDelayMs"),
    jitter: r.jitter !== false,
    when: when === undefined ? null : (error) => Reflect.apply(when, r, [error]) === true,
  };
}

function instant(value: unknown, code: "WithStartAtInvalid" | "WithStopDateTimePast", what: string): number {
  // A valid Date always lies in the Date range (|t| <= 8.64e15 ms).
  const ms = dateMs(value);
  if (Number.isNaN(ms)) throw new SchedulerError(code, `${what} must be a valid Date, got ${show(value)}`);
  return ms;
}

/** Own options merged over the scheduler's, each read once and checked; anything unreadable is `WithOptionInvalid`. */
export function jobConfig(own: JobOptions | undefined, scheduler: SchedulerConfig, now: number): JobConfig {
  return reading("WithOptionInvalid", "job options", () => checkJob(own === undefined ? undefined : snapshot<JobOptions>(own, "job options"), scheduler, now));
}

function checkJob(own: JobOptions | undefined, scheduler: SchedulerConfig, now: number): JobConfig {
  if (own) checkKeys(own, JOB_KEYS, "job");
  const o: JobOptions = { ...scheduler.globalJobOptions, ...own };
  if (o.name !== undefined && (typeof o.name !== "string" || o.name.trim() === "")) {
    throw new SchedulerError("WithNameEmpty", `name must be a non-empty string, got ${show(o.name)}`);
  }
  if (o.id !== undefined && (typeof o.id !== "string" || o.id === "")) {
    throw new SchedulerError("WithIdentifierNil", `id must be a non-empty string, got ${show(o.id)}`);
  }
  const tags = o.tags ?? [];
  if (!Array.isArray(tags)) throw new SchedulerError("WithTagsInvalid", `tags must be an array of strings, got ${show(tags)}`);
  const tagList: string[] = [];
  // Index by index: some() and spread would skip or fill holes.
  for (let i = 0; i < tags.length; i++) {
    const tag: unknown = tags[i];
    if (typeof tag !== "string") throw new SchedulerError("WithTagsInvalid", `tags must be an array of strings; tag ${i} is ${i in tags ? show(tag) : "a hole"}`);
    tagList.push(tag);
  }
  const singletonMode = o.singletonMode === undefined ? null : mode(o.singletonMode, "WithSingletonModeInvalid", "singletonMode");
  let limitedRuns: number | null = null;
  if (o.limitedRuns !== undefined) {
    if (typeof o.limitedRuns !== "number" || !Number.isSafeInteger(o.limitedRuns) || o.limitedRuns <= 0) {
      throw new SchedulerError("WithLimitedRunsZero", `limitedRuns must be an integer above 0, got ${show(o.limitedRuns)}`);
    }
    limitedRuns = o.limitedRuns;
  }
  let startAt: JobConfig["startAt"] = null;
  let anchor: number | null = null;
  const s: unknown = o.startAt;
  if (s === "immediately") startAt = s;
  else if (s instanceof Date) {
    startAt = instant(s, "WithStartAtInvalid", "startAt");
    if (startAt < now) {
      throw new SchedulerError("WithStartDateTimePast", `startAt ${show(s)} is in the past (now ${show(new Date(now))}); use { anchor } for a past phase`);
    }
    anchor = startAt;
  } else if (s !== undefined && s !== null && typeof s === "object" && "anchor" in s) {
    anchor = instant(snapshot<{ anchor: unknown }>(s, "startAt").anchor, "WithStartAtInvalid", "startAt.anchor");
  } else if (s !== undefined) {
    throw new SchedulerError("WithStartAtInvalid", `startAt must be "immediately", a Date or { anchor: Date }, got ${show(s)}`);
  }
  let stopAt: number | null = null;
  if (o.stopAt !== undefined) {
    stopAt = instant(o.stopAt, "WithStopDateTimePast", "stopAt");
    if (stopAt <= now) throw new SchedulerError("WithStopDateTimePast", `stopAt ${show(o.stopAt)} is not in the future`);
    if (typeof startAt === "number" && stopAt <= startAt) {
      throw new SchedulerError("StopTimeEarlierThanStartTime", `stopAt ${show(o.stopAt)} is not after startAt ${show(o.startAt)}`);
    }
  }
  if (o.signal !== undefined && !isAbortSignal(o.signal)) {
    throw new SchedulerError("WithOptionInvalid", `signal must be an AbortSignal, got ${show(o.signal)}`);
  }
  const on = o.on === undefined ? undefined : readListeners(o.on);
  let locker: Locker | null = scheduler.locker;
  if (o.locker === false) locker = null;
  else if (o.locker !== undefined) locker = checkLocker(o.locker, "job locker");
  if (locker !== null && own?.name === undefined && scheduler.globalJobOptions.name === undefined) {
    throw new SchedulerError("LockerNeedsName", "a job run through a locker needs a stable name (option name), so every instance asks for the same lock key");
  }
  const missedRuns = o.missedRuns ?? "skip";
  if (missedRuns !== "skip" && missedRuns !== "once") {
    throw new SchedulerError("WithMissedRunsInvalid", `missedRuns must be "skip" or "once", got ${show(missedRuns)}`);
  }
  if (o.intervalFromCompletion !== undefined && typeof o.intervalFromCompletion !== "boolean") {
    throw new SchedulerError("WithOptionInvalid", `intervalFromCompletion must be a boolean, got ${show(o.intervalFromCompletion)}`);
  }
  return {
    timeoutMs: o.timeoutMs === undefined ? null : whole(o.timeoutMs, 0, 1, "WithTimeoutInvalid", "timeoutMs"),
    retry: o.retry === undefined ? null : checkRetry(o.retry),
    jitterMs: whole(o.jitterMs, 0, 0, "WithJitterInvalid", "jitterMs"),
    dstPolicy: o.dstPolicy === undefined ? null : dst(o.dstPolicy),
    id: o.id, name: o.name, tags: tagList, singletonMode, limitedRuns, startAt, anchor, stopAt,
    signal: o.signal ?? null, on, locker, intervalFromCompletion: o.intervalFromCompletion === true, missedRuns,
  };
}
