import { MAX_DATE_MS } from "./clock.ts";
import type { DstPolicy, JobDefinition, Schedule } from "./definitions/definition.ts";
import { addRun, handOver, listRuns } from "./history.ts";
import { jobNote, SchedulerError, show } from "./errors.ts";
import { Executor } from "./executor.ts";
import { DueQueue } from "./due-queue.ts";
import { Job, type JobHost } from "./job.ts";
import { JobRecord } from "./job-record.ts";
import { after } from "./long-wait.ts";
import { Hooks } from "./hooks.ts";
import type { Monitor } from "./monitor.ts";
import type { JobOptions, SchedulerOptions, Task } from "./options.ts";
import { fn, instant, obj } from "./check.ts";
import { reading, readFailure, snapshot } from "./option-values.ts";
import { onPageReturn } from "./page-wake.ts";
import { loadStates, stateOf } from "./state-sync.ts";
import { TimerDriver } from "./timer-driver.ts";
import { uuid } from "./uuid.ts";
import { checkSignal, jobConfig, schedulerConfig, type JobConfig, type SchedulerConfig } from "./validate.ts";

type State = "idle" | "started" | "stopped" | "shutdown";

const noop = (): void => {};

/** One dispatch: the instant it runs at, and the run promises to collect (tick) or null. */
interface Batch {
  readonly now: number;
  readonly runs: Promise<void>[] | null;
}

/**
 * Runs jobs on schedules (gocron v2's `Scheduler`). One due queue (a min-heap of instants, each
 * with the jobs due then) holds every job's next occurrence, and one timer is armed for the
 * earliest, so idle jobs cost nothing.
 *
 * @example
 * const scheduler = new Scheduler({ timeZone: "Europe/Berlin" });
 * scheduler.newJob(cronJob("0 9 * * 1-5"), () => sendReport(), { name: "report" });
 * scheduler.start();
 */
export class Scheduler {
  readonly #config: SchedulerConfig;
  readonly #queue = new DueQueue<JobRecord>();
  readonly #records = new Map<string, JobRecord>();
  readonly #executor: Executor;
  readonly #hooks: Hooks;
  #defaultJobConfig: JobConfig | undefined;
  /** What every Job handle calls back into: one object for all jobs. */
  readonly #jobHost: JobHost = {
    runNow: (record) => this.#runNow(record),
    pause: (record, on) => this.#pause(record, on),
    history: (record) => listRuns(record, this.#config._historySize, record.name, this.#config._instanceId),
  };
  #state: State = "idle";
  readonly #timer: TimerDriver;
  #detachPage: (() => void) | null = null;
  /** The instant being dispatched, NaN between dispatches (see {@link Scheduler.#schedulingNow}). */
  #batchNow = NaN;
  /**
   * The last schedule asked for a next time, when, and its answer. Jobs that share a schedule
   * (cron jobs on one pattern) and fall due together share the answer: at 10,000 such jobs that
   * is a sixth of each run's dispatch.
   */
  #memoSchedule: Schedule | null = null;
  #memoAt = NaN;
  #memoNext: number | null = null;

  constructor(options: SchedulerOptions = {}) {
    this.#config = schedulerConfig(options);
    this.#timer = new TimerDriver(this.#config._clock, () => this.#fire());
    this.#hooks = new Hooks(this.#config._monitor, this.#config._logger);
    this.#executor = new Executor(this.#config, this.#hooks, {
      started: (run) => this.#started(run.record),
      settled: (run) => this.#settled(run.record, run.runNow),
    });
  }

  /** This instance's name (option `instanceId`, else the elector's, else a random UUID), recorded in history and as lock holder. */
  get instanceId(): string {
    return this.#config._instanceId;
  }

  /** Arms the timer; jobs run from now on. Calling it twice is a no-op; after `stopJobs()` it resumes. */
  start(): void {
    this.#assertOpen("start");
    if (this.#state === "started") return;
    const resumed = this.#state === "stopped";
    this.#state = "started";
    const now = this.#config._clock.now();
    for (const record of this.#records.values()) {
      if (!record.scheduled) this.#scheduleFirst(record, now);
      else if (resumed && record._hasNext() && record.dueAt <= now) this.#reschedule(record, this.#next(record, "next", now));
    }
    this.#detachPage ??= onPageReturn(() => {
      if (this.#state !== "started") return;
      this.#timer.clear();
      this.#fire();
    });
    void this.#restoreAll().then(() => this.#arm());
    this.#arm();
    this.#hooks.notify("schedulerStarted");
  }

  /** Validates everything now and registers the job; it is scheduled if the scheduler runs. */
  newJob(definition: JobDefinition, task: Task, options?: JobOptions): Job {
    this.#assertOpen("newJob");
    const record = this.#build(definition, task, options, undefined);
    if (this.#records.has(record.id)) {
      throw new SchedulerError("JobIdentifierDuplicate", `a job with id ${show(record.id)} already exists`);
    }
    // Everything that can throw happens before the job is inserted: a failed newJob leaves no job.
    this.#register(record, this.#listen(record));
    return record._job;
  }

  /**
   * Adds a monitor besides the `monitor` option's, e.g. an admin page's: every hook it has is
   * called after those of monitors added before it. A hook that throws is logged and ignored.
   * Returns the function that removes it (calling it again does nothing).
   */
  addMonitor(monitor: Monitor): () => void {
    return this.#hooks._add(obj(monitor, "WithOptionInvalid", "monitor"));
  }

  /** Every registered job, in registration order. */
  jobs(): Job[] {
    return Array.from(this.#records.values(), (r) => r._job);
  }

  /** Removes a job and aborts its running task's signal. Unknown id: `JobNotFound`; after shutdown: `SchedulerShutdown`. */
  removeJob(id: string): void {
    this.#assertOpen("removeJob");
    this.#remove(this.#get(id), true);
  }

  /** Removes every job having any of `tags`. */
  removeByTags(...tags: string[]): void {
    this.#byTags("removeByTags", tags, (record) => this.#remove(record, true));
  }

  /** Pauses every job having any of `tags` (see `job.pause()`). */
  pauseByTags(...tags: string[]): void {
    this.#byTags("pauseByTags", tags, (record) => this.#pause(record, true));
  }

  /** Resumes every job having any of `tags` (see `job.resume()`). */
  resumeByTags(...tags: string[]): void {
    this.#byTags("resumeByTags", tags, (record) => this.#pause(record, false));
  }

  #byTags(what: string, tags: string[], apply: (record: JobRecord) => void): void {
    this.#assertOpen(what);
    for (const record of [...this.#records.values()]) {
      if (record.config.tags.some((t) => tags.includes(t))) apply(record);
    }
  }

  /**
   * Pauses (`on`) or resumes a job. Paused, it leaves the due queue, its queued runs and a
   * pending retry are dropped; a run in progress goes on. Resumed, it is scheduled for its next
   * occurrence after now: occurrences that fell while it was paused are not run.
   */
  #pause(record: JobRecord, on: boolean): void {
    this.#assertOpen(on ? "pause" : "resume");
    if (record.removed || record.paused === on) return;
    record.paused = on;
    if (on) {
      if (record.scheduled) this.#reschedule(record, Infinity); // no next run while paused
      this.#executor._dropQueued(record, "paused");
      record._abortRuns(); // a pending retry wait ends; the run goes on
    } else if (record.scheduled) {
      this.#reschedule(record, this.#next(record, "next", this.#schedulingNow()));
    }
    this.#arm();
    this.#hooks.notify(on ? "jobPaused" : "jobResumed", record._job);
    void this.#save(record);
  }

  /** Replaces a job's definition, task and options, keeping its id and place in `jobs()`. */
  update(id: string, definition: JobDefinition, task: Task, options?: JobOptions): Job {
    this.#assertOpen("update");
    const old = this.#get(id);
    const own = options === undefined ? {} : snapshot<JobOptions>(options, "job options");
    const record = this.#build(definition, task, { ...own, id }, old);
    const listening = this.#listen(record);
    this.#records.set(id, record); // same key: keeps the job's place in jobs()
    this.#remove(old, true);
    this.#register(record, listening);
    return record._job;
  }

  /** Runs queued under the scheduler limit's `"wait"` mode. */
  jobsWaitingInQueue(): number {
    return this.#executor.waiting;
  }

  /**
   * Stops the timer, drops queued runs, aborts running tasks' signals and waits up to
   * `stopTimeout` for them; rejects with `StopJobsTimedOut` if they outlast it. `start()` resumes.
   */
  async stopJobs(): Promise<void> {
    this.#assertOpen("stopJobs");
    await this.#halt("stopped");
    this.#hooks.notify("schedulerStopped");
  }

  /** Like `stopJobs`, then final: every later call rejects with `SchedulerShutdown`. Idempotent. */
  async shutdown(): Promise<void> {
    if (this.#state === "shutdown") return;
    try {
      await this.#halt("shutdown");
    } finally {
      for (const record of [...this.#records.values()]) this.#remove(record, true);
      this.#hooks.notify("schedulerShutdown");
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.shutdown();
  }

  /**
   * Runs every occurrence due up to `now` and waits for those runs; returns the next due
   * instant, or null. For hosts without a long-lived process (a Durable Object alarm, a
   * Cron Trigger). Works without `start()`. `now` must be a valid Date or epoch ms within the
   * Date range (|t| <= 8.64e15), else `WithOptionInvalid`.
   */
  async tick(now: Date | number = this.#config._clock.now()): Promise<Date | null> {
    this.#assertOpen("tick");
    const at = instant(now, "WithOptionInvalid", "tick(now)", true);
    for (const record of this.#records.values()) if (!record.scheduled) this.#scheduleFirst(record, at);
    await this.#restoreAll();
    await Promise.all(this.#dispatch(at, true));
    // A short-lived host forgets everything after this: keep each job's next due instant.
    if (this.#config._stateStore) await Promise.all([...this.#records.values()].map((r) => this.#save(r)));
    this.#arm();
    const next = this.#queue.peek();
    return next === undefined ? null : new Date(next);
  }

  /** @internal Runs a job now for its handle. */
  #runNow(record: JobRecord): Promise<void> {
    if (this.#state === "shutdown") return Promise.reject(this.#shutdownError("runNow"));
    if (record.removed) return Promise.reject(new SchedulerError("JobRunNowFailed", `job ${show(record.name)} was removed`));
    return new Promise<void>((done) => {
      this.#executor.admit(record, this.#config._clock.now(), true, done);
    });
  }

  #build(definition: JobDefinition, task: Task, options: JobOptions | undefined, replacing: JobRecord | undefined): JobRecord {
    // Reads of user objects without reading()'s closures: newJob runs this for every job (W2 registers 100,000).
    let type: unknown;
    try {
      type = obj(definition, "NewJobDefinitionInvalid", "the definition", "compile").type;
    } catch (error) {
      throw readFailure("NewJobDefinitionInvalid", "the definition", error);
    }
    fn(task, task == null ? "NewJobTaskNil" : "NewJobTaskNotFunc", "the task");
    const now = this.#config._clock.now();
    // Jobs without options share one checked config: a large saving at 100,000 jobs.
    const config = options === undefined
      ? (this.#defaultJobConfig ??= Object.freeze(jobConfig(undefined, this.#config, now)))
      : jobConfig(options, this.#config, now);
    if (this.#config._stateStore && config.name === undefined) {
      throw new SchedulerError("StateStoreNeedsName", "a job with a stateStore needs option name");
    }
    const anchor = config.anchor ?? now;
    const schedule = this.#compile(definition, now, anchor, config.dstPolicy);
    let anchored: boolean;
    try {
      anchored = schedule.anchored === true;
    } catch (error) {
      throw readFailure("NewJobDefinitionInvalid", "the schedule", error);
    }
    if (config._fromCompletion && typeof schedule.afterCompletion !== "function") {
      throw new SchedulerError("WithOptionInvalid", `intervalFromCompletion needs a duration job, not ${show(type)}`);
    }
    const id = config.id ?? replacing?.id ?? uuid();
    const record = new JobRecord(id, schedule, task, config);
    // An updated job keeps its history and stays paused: an operator paused it, a redeploy should not resume it.
    if (replacing !== undefined) {
      handOver(replacing, record);
      record.paused = replacing.paused;
    }
    // Only a schedule counted from an implicit anchor is recompiled when the job starts later.
    if (config.anchor === null && anchored) record._recompile = { definition, createdAt: now, anchor };
    record._job = new Job(record, this.#jobHost);
    return record;
  }

  /** Compiles a definition; whatever a (custom) definition throws is a SchedulerError. */
  #compile(definition: JobDefinition, now: number, anchor: number, own: DstPolicy | null): Schedule {
    const timeZone = this.#config._timeZone;
    const dstPolicy = own ?? this.#config.dstPolicy;
    let schedule: Schedule;
    try {
      schedule = definition.compile({ timeZone, dstPolicy, now, anchor });
    } catch (error) {
      throw readFailure("NewJobDefinitionInvalid", "the definition's compile()", error);
    }
    return obj(schedule, "NewJobDefinitionInvalid", "compile()'s schedule", "next");
  }

  /**
   * Checks the job's signal and listens to it, before the job is inserted anywhere: the
   * returned function stops listening. Null when there is no signal; "aborted" when it already is.
   */
  #listen(record: JobRecord): (() => void) | null | "aborted" {
    const signal = record.config.signal;
    if (signal === null) return null;
    return reading("WithOptionInvalid", "signal", () => {
      if (checkSignal(signal).aborted) return "aborted";
      const onAbort = (): void => this.#remove(record, true);
      signal.addEventListener("abort", onAbort, { once: true });
      return () => signal.removeEventListener("abort", onAbort);
    });
  }

  #register(record: JobRecord, listening: (() => void) | null | "aborted"): void {
    if (listening === "aborted") {
      // Aborted already: the job is as if removed at once (update() has replaced the old one).
      if (this.#records.get(record.id) === record) this.#records.delete(record.id);
      record.removed = true;
      return;
    }
    this.#records.set(record.id, record);
    record._detach = listening;
    this.#hooks.notify("jobRegistered", record._job);
    if (this.#state === "started") {
      this.#scheduleFirst(record, this.#schedulingNow());
      if (this.#config._stateStore) void this.#restoreAll().then(() => this.#arm());
      this.#arm();
    }
  }

  /**
   * The clock's now, or the instant being dispatched when that is later (`tick(at)` ahead of
   * the clock): a job scheduled by a task during the dispatch then falls after it, never back
   * into it, so the dispatch loop cannot run it again and again.
   */
  #schedulingNow(): number {
    const now = this.#config._clock.now();
    return this.#batchNow > now ? this.#batchNow : now;
  }

  /** First occurrence when the job (or the scheduler) starts at `now`. */
  #scheduleFirst(record: JobRecord, now: number): void {
    record.scheduled = true;
    this.#reanchor(record, now);
    // A host with a state store may re-anchor the job when its stored state arrives.
    if (this.#config._stateStore === undefined) record._recompile = null;
    const startAt = record.config._startAt;
    const first = startAt === "immediately" ? now : startAt ?? this.#next(record, "first", now);
    this.#reschedule(record, first);
  }

  /** Recompiles the schedule with `anchor` when it counts intervals from an implicit anchor. */
  #reanchor(record: JobRecord, anchor: number): void {
    const recompile = record._recompile;
    if (recompile === null || recompile.anchor === anchor) return;
    try {
      record.schedule = this.#compile(recompile.definition, recompile.createdAt, anchor, record.config.dstPolicy);
    } catch (error) {
      // It compiled when the job was created: keep that schedule, the phase counted from then.
      this.#config._logger.error(jobNote(record.name, "recompile failed; it keeps its phase"), error);
    }
    record._recompile = { ...recompile, anchor };
  }

  /** Puts the job's next occurrence `next` in the queue, or marks it finished. */
  #reschedule(record: JobRecord, next: number | null, finish = true): void {
    this.#queue.remove(record);
    record._stopMarker = false;
    if (record.removed) return;
    const { _limitedRuns: limitedRuns, _stopAt: stopAt } = record.config;
    if (next === null || (limitedRuns !== null && record._runs >= limitedRuns)) {
      record._exhausted = true;
      if (finish) this.#finishIfDone(record);
      return;
    }
    record._jitter = 0;
    // A paused job leaves the queue, but its stopAt marker stays: it still ends then.
    if (stopAt !== null && (record.paused || next >= stopAt)) {
      record._stopMarker = true;
      next = stopAt;
    } else if (record.paused) {
      return;
    } else if (record.config._jitterMs > 0) {
      // The run starts later; its scheduledAt, lock key and runId stay `next`.
      record._jitter = Math.min(Math.floor(Math.random() * (record.config._jitterMs + 1)), MAX_DATE_MS - next);
    }
    this.#queue.add(record, next + record._jitter);
  }

  /** Takes everything due at `now`, advances each schedule, and admits the runs. */
  #dispatch(now: number, collect: boolean): Promise<void>[] {
    const batch: Batch = { now, runs: collect ? [] : null };
    const outer = this.#batchNow; // a task may tick() inside a dispatch: keep the later instant
    this.#batchNow = Number.isNaN(outer) || now > outer ? now : outer;
    try {
      while (this.#queue._drainDue(now, this.#dispatchDue, batch));
    } finally {
      this.#batchNow = outer;
    }
    return batch.runs ?? [];
  }

  readonly #dispatchDue = (record: JobRecord, batch: Batch): void => this.#dispatchOne(record, batch.now, batch.runs);

  #dispatchOne(record: JobRecord, now: number, runs: Promise<void>[] | null): void {
    // An earlier task in this batch may have removed or rescheduled this job.
    if (record.removed || record.slot !== null) return;
    if (record._stopMarker) {
      this.#remove(record, false);
      return;
    }
    const scheduledAt = record.dueAt - record._jitter;
    // Lateness is counted from the jittered start, so the jitter itself is never a miss.
    const late = now - record._jitter;
    let run = true;
    let next: number | null = null;
    if (!record.config._fromCompletion) {
      if (record.schedule === this.#memoSchedule && scheduledAt === this.#memoAt) next = this.#memoNext;
      else {
        next = this.#next(record, "next", scheduledAt);
        this.#memoSchedule = record.schedule;
        this.#memoAt = scheduledAt;
        this.#memoNext = next;
      }
      if (next !== null && next <= late) {
        // Missed: the process slept or stalled past this occurrence and the one after it.
        if (record.config._missedRuns === "skip") {
          run = false;
          this.#hooks.notify("jobSkipped", record._job, "missed", { scheduledAt: new Date(scheduledAt) });
          const size = this.#config._historySize;
          if (size > 0) addRun(record, size, scheduledAt, now, now, 3, 0, undefined, "missed");
        }
        next = this.#next(record, "next", late);
      }
    }
    // Completion-based jobs are rescheduled when the run settles. A job with no further
    // occurrence is removed only once this run has been admitted and settles.
    if (!record.config._fromCompletion) this.#reschedule(record, next, false);
    if (run && runs !== null) runs.push(new Promise<void>((done) => this.#executor.admit(record, scheduledAt, false, done)));
    else if (run) this.#executor.admit(record, scheduledAt, false, noop);
    this.#finishIfDone(record);
  }

  /**
   * Asks the job's schedule for a next time. A schedule that throws, or answers with an instant
   * not after `at` (at or after it for "first"), not a number, or past the Date range, ends
   * the job with one logged error: the dispatch loop would otherwise run it forever.
   */
  #next(record: JobRecord, kind: "first" | "next" | "afterCompletion", at: number): number | null {
    const schedule = record.schedule;
    let next: unknown;
    try {
      if (kind === "next") next = schedule.next(at);
      else if (kind === "first") next = schedule.first ? schedule.first(at) : schedule.next(at);
      else next = schedule.afterCompletion?.(at) ?? null;
    } catch (error) {
      return this.#ended(record, "threw", error);
    }
    if (next === null) return null;
    if (typeof next === "number" && (kind === "first" ? next >= at : next > at) && next <= MAX_DATE_MS) return next;
    return this.#ended(record, `gave ${show(next)}, not a valid instant after ${show(new Date(at))}`);
  }

  /** Logs why a job's schedule ended it; null (no next run) for its caller. */
  #ended(record: JobRecord, why: string, ...error: unknown[]): null {
    this.#config._logger.error(jobNote(record.name, `its schedule ${why}; no further runs`), ...error);
    return null;
  }

  #arm(): void {
    if (this.#state === "started") this.#timer.arm(this.#queue.peek());
  }

  #fire(): void {
    if (this.#state !== "started") return;
    const now = this.#config._clock.now();
    this.#executor.clock.open(now);
    try {
      this.#dispatch(now, false);
    } finally {
      this.#executor.clock.close();
    }
    this.#arm();
  }

  /** A run passed every gate: stop scheduling once limitedRuns is reached, persist. */
  #started(record: JobRecord): Promise<void> | undefined {
    const limit = record.config._limitedRuns;
    if (limit !== null && record._runs >= limit) this.#reschedule(record, null);
    return this.#save(record);
  }

  /** A run finished or was skipped: reschedule completion-based jobs, persist, finish. */
  #settled(record: JobRecord, runNow: boolean): Promise<void> | undefined {
    if (record.config._fromCompletion && !runNow && !record.removed) {
      const completedAt = this.#schedulingNow();
      this.#reschedule(record, this.#next(record, "afterCompletion", completedAt));
      this.#arm();
    }
    const saving = this.#save(record);
    if (saving !== undefined) return saving.then(() => this.#finishIfDone(record));
    this.#finishIfDone(record);
    return undefined;
  }

  #finishIfDone(record: JobRecord): void {
    if (record._exhausted && record.running === 0 && record.queued === 0 && !record.removed) this.#remove(record, false);
  }

  async #restoreAll(): Promise<void> {
    const store = this.#config._stateStore;
    if (store === undefined) return;
    await loadStates(this.#records.values(), store, this.#config._logger, (record, state) => {
      record._runs = state.runs;
      record._lastRun = state.lastRun ?? NaN;
      record._lastCompleted = state.lastRunCompletedAt ?? NaN;
      // A job paused before a restart stays paused: it leaves the queue until resumed.
      if (state.paused === true) {
        record.paused = true;
        if (record.scheduled) this.#reschedule(record, Infinity); // no next run while paused
      }
      // Paused, its stored nextRun is null: resume() schedules it afresh.
      if (!record.scheduled || record.paused) return;
      // Keep the phase the job had before the restart: count intervals from its stored next run.
      if (state.nextRun !== null) this.#reanchor(record, state.nextRun);
      this.#reschedule(record, state.nextRun);
    });
  }

  /** Saves the job's state when there is a store; undefined (nothing to await) otherwise. */
  #save(record: JobRecord): Promise<void> | undefined {
    const store = this.#config._stateStore;
    if (store === undefined) return undefined;
    const state = stateOf(record);
    return this.#hooks.call("stateStore.save", () => store.save(record.name, state)).then(noop);
  }

  #remove(record: JobRecord, abort: boolean): void {
    if (record.removed) return;
    record.removed = true;
    this.#queue.remove(record);
    record._stopMarker = false;
    if (this.#records.get(record.id) === record) this.#records.delete(record.id);
    if (record._detach !== null) {
      try {
        record._detach();
      } catch (error) {
        this.#config._logger.error(jobNote(record.name, "signal.removeEventListener threw"), error);
      }
      record._detach = null;
    }
    this.#executor._dropQueued(record);
    if (abort && record.running > 0) record._abortRuns(new SchedulerError("JobRemoved", `job ${show(record.name)} was removed`));
    this.#hooks.notify("jobUnregistered", record._job);
    this.#arm();
  }

  async #halt(next: "stopped" | "shutdown"): Promise<void> {
    this.#state = next;
    this.#timer.clear();
    this.#detachPage?.();
    this.#detachPage = null;
    this.#executor._dropAllQueued(this.#records.values());
    const reason = next === "shutdown"
      ? new SchedulerError("SchedulerShutdown", "the scheduler is shutting down")
      : new SchedulerError("SchedulerStopped", "stopJobs() was called");
    for (const record of this.#records.values()) record._abortRuns(reason);
    const running = this.#executor._inflight();
    if (running.length === 0) return;
    const timeout = this.#config._stopTimeout;
    let cancel = noop;
    const timedOut = await Promise.race([Promise.allSettled(running).then(() => false), new Promise<boolean>((resolve) => (cancel = after(this.#config._clock, timeout, () => resolve(true))))]);
    cancel();
    if (timedOut) {
      throw new SchedulerError("StopJobsTimedOut", `${running.length} task(s) still ran after stopTimeout ${timeout} ms`);
    }
  }

  #get(id: string): JobRecord {
    const record = this.#records.get(id);
    if (record === undefined) throw new SchedulerError("JobNotFound", `no job with id ${show(id)}`);
    return record;
  }

  #assertOpen(what: string): void {
    if (this.#state === "shutdown") throw this.#shutdownError(what);
  }

  #shutdownError(what: string): SchedulerError {
    return new SchedulerError("SchedulerShutdown", `${what}() was called after shutdown()`);
  }
}
