import type { Clock } from "./clock.ts";
import { systemClock } from "./clock.ts";
import type { DstPolicy } from "./definitions/definition.ts";
import type { Elector, Locker } from "./distributed.ts";
import { SchedulerError, show } from "./errors.ts";
import type { JobOptions, LimitMode, Logger, SchedulerOptions } from "./options.ts";
import { isValidTimeZone, localTimeZone } from "./time/zoned.ts";

const SCHEDULER_KEYS = new Set([
  "clock", "timeZone", "dstPolicy", "stopTimeout", "limitConcurrentJobs", "globalJobOptions",
  "elector", "locker", "lockTtlMs", "stateStore", "logger", "monitor",
]);
const JOB_KEYS = new Set([
  "name", "tags", "id", "singletonMode", "limitedRuns", "startAt", "stopAt", "signal", "on",
  "locker", "intervalFromCompletion", "missedRuns",
]);

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

function checkKeys(value: object, allowed: Set<string>, what: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.has(key)) throw new SchedulerError("WithOptionInvalid", `unknown ${what} option ${show(key)}`);
  }
}

function isFn(value: unknown): boolean {
  return typeof value === "function";
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
  options: SchedulerOptions;
}

export function checkLocker(value: unknown, what: string): Locker {
  if (value === null || typeof value !== "object" || !isFn((value as Locker).lock)) {
    throw new SchedulerError("WithLockerInvalid", `${what} must have a lock(key, options) method, got ${show(value)}`);
  }
  return value as Locker;
}

export function schedulerConfig(options: SchedulerOptions = {}): SchedulerConfig {
  if (options === null || typeof options !== "object") {
    throw new SchedulerError("WithOptionInvalid", `Scheduler options must be an object, got ${show(options)}`);
  }
  checkKeys(options, SCHEDULER_KEYS, "Scheduler");
  const clock = options.clock ?? systemClock;
  if (!isFn(clock.now) || !isFn(clock.setTimer) || !isFn(clock.clearTimer)) {
    throw new SchedulerError("WithClockInvalid", "clock must have now(), setTimer(callback, ms) and clearTimer(handle)");
  }
  const timeZone = options.timeZone ?? localTimeZone();
  if (typeof timeZone !== "string" || !isValidTimeZone(timeZone)) {
    throw new SchedulerError("WithLocationInvalid", `timeZone ${show(timeZone)} is not an IANA time zone this runtime knows`);
  }
  const dstPolicy = options.dstPolicy ?? "shift";
  if (dstPolicy !== "shift" && dstPolicy !== "skip") {
    throw new SchedulerError("WithDstPolicyInvalid", `dstPolicy must be "shift" or "skip", got ${show(dstPolicy)}`);
  }
  const stopTimeout = options.stopTimeout ?? 10_000;
  if (typeof stopTimeout !== "number" || !(stopTimeout > 0) || !Number.isFinite(stopTimeout)) {
    throw new SchedulerError("WithStopTimeoutZeroOrNegative", `stopTimeout must be a finite number of ms above 0, got ${show(stopTimeout)}`);
  }
  let limit: SchedulerConfig["limit"] = null;
  if (options.limitConcurrentJobs !== undefined) {
    const raw = options.limitConcurrentJobs;
    const n = raw?.limit;
    if (typeof n !== "number" || !Number.isInteger(n) || n <= 0) {
      throw new SchedulerError("WithLimitConcurrentJobsZero", `limitConcurrentJobs.limit must be an integer above 0, got ${show(n)}`);
    }
    limit = { limit: n, mode: mode(raw.mode ?? "reschedule", "WithOptionInvalid", "limitConcurrentJobs.mode") };
  }
  const elector = options.elector ?? null;
  if (elector !== null && (typeof elector !== "object" || !isFn(elector.isLeader))) {
    throw new SchedulerError("WithElectorInvalid", `elector must have an isLeader(signal) method, got ${show(elector)}`);
  }
  const locker = options.locker === undefined ? null : checkLocker(options.locker, "locker");
  const lockTtlMs = options.lockTtlMs ?? 60_000;
  if (typeof lockTtlMs !== "number" || !Number.isFinite(lockTtlMs) || lockTtlMs <= 0) {
    throw new SchedulerError("WithOptionInvalid", `lockTtlMs must be a finite number of ms above 0, got ${show(lockTtlMs)}`);
  }
  const logger = options.logger ?? silent;
  for (const level of ["debug", "info", "warn", "error"] as const) {
    if (!isFn(logger[level])) throw new SchedulerError("WithOptionInvalid", `logger must have a ${level}() method`);
  }
  if (options.stateStore !== undefined && (!isFn(options.stateStore.load) || !isFn(options.stateStore.save))) {
    throw new SchedulerError("WithOptionInvalid", "stateStore must have load(key) and save(key, state) methods");
  }
  const globalJobOptions = options.globalJobOptions ?? {};
  checkKeys(globalJobOptions, JOB_KEYS, "globalJobOptions");
  return { clock, timeZone, dstPolicy, stopTimeout, limit, globalJobOptions, elector, locker, lockTtlMs, logger, options };
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
}

function instant(value: unknown, code: "WithStartAtInvalid" | "WithStopDateTimePast", what: string): number {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new SchedulerError(code, `${what} must be a valid Date, got ${show(value)}`);
  return ms;
}

export function jobConfig(own: JobOptions | undefined, scheduler: SchedulerConfig, now: number): JobConfig {
  if (own !== undefined && (own === null || typeof own !== "object")) {
    throw new SchedulerError("WithOptionInvalid", `job options must be an object, got ${show(own)}`);
  }
  if (own) checkKeys(own, JOB_KEYS, "job");
  const o: JobOptions = { ...scheduler.globalJobOptions, ...own };
  if (o.name !== undefined && (typeof o.name !== "string" || o.name.trim() === "")) {
    throw new SchedulerError("WithNameEmpty", `name must be a non-empty string, got ${show(o.name)}`);
  }
  if (o.id !== undefined && (typeof o.id !== "string" || o.id === "")) {
    throw new SchedulerError("WithIdentifierNil", `id must be a non-empty string, got ${show(o.id)}`);
  }
  const tags = o.tags ?? [];
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== "string")) {
    throw new SchedulerError("WithTagsInvalid", `tags must be an array of strings, got ${show(tags)}`);
  }
  const singletonMode = o.singletonMode === undefined ? null : mode(o.singletonMode, "WithSingletonModeInvalid", "singletonMode");
  let limitedRuns: number | null = null;
  if (o.limitedRuns !== undefined) {
    if (typeof o.limitedRuns !== "number" || !Number.isInteger(o.limitedRuns) || o.limitedRuns <= 0) {
      throw new SchedulerError("WithLimitedRunsZero", `limitedRuns must be an integer above 0, got ${show(o.limitedRuns)}`);
    }
    limitedRuns = o.limitedRuns;
  }
  let startAt: JobConfig["startAt"] = null;
  let anchor: number | null = null;
  const s = o.startAt;
  if (s === "immediately") startAt = s;
  else if (s instanceof Date) {
    startAt = instant(s, "WithStartAtInvalid", "startAt");
    if (startAt < now) {
      throw new SchedulerError("WithStartDateTimePast", `startAt ${show(s)} is in the past (now ${new Date(now).toISOString()}); use { anchor } for a past phase`);
    }
    anchor = startAt;
  } else if (s !== undefined && s !== null && typeof s === "object" && "anchor" in s) {
    anchor = instant(s.anchor, "WithStartAtInvalid", "startAt.anchor");
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
  if (o.signal !== undefined && !(typeof o.signal === "object" && o.signal !== null && "aborted" in o.signal)) {
    throw new SchedulerError("WithOptionInvalid", `signal must be an AbortSignal, got ${show(o.signal)}`);
  }
  if (o.on !== undefined) {
    if (o.on === null || typeof o.on !== "object") throw new SchedulerError("WithOptionInvalid", `on must be an object of listeners`);
    for (const [key, fn] of Object.entries(o.on)) {
      if (!["beforeRun", "shouldRun", "afterRun", "afterRunError", "afterLockError"].includes(key)) {
        throw new SchedulerError("WithOptionInvalid", `unknown listener ${show(key)}`);
      }
      if (fn !== undefined && !isFn(fn)) throw new SchedulerError("WithOptionInvalid", `listener ${key} must be a function`);
    }
  }
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
    throw new SchedulerError("WithOptionInvalid", `intervalFromCompletion must be a boolean`);
  }
  return {
    id: o.id, name: o.name, tags: [...tags], singletonMode, limitedRuns, startAt, anchor, stopAt,
    signal: o.signal ?? null, on: o.on, locker, intervalFromCompletion: o.intervalFromCompletion === true, missedRuns,
  };
}
