import type { BatchClock } from "./batch-clock.ts";
import type { Elector, Lock, Locker } from "./distributed.ts";
import type { Hooks } from "./hooks.ts";
import type { Job } from "./job.ts";
import type { JobRecord } from "./job-record.ts";
import type { RunInfo, SkipReason } from "./monitor.ts";
import type { TaskContext } from "./options.ts";
import { jobNote, SchedulerError, show } from "./errors.ts";
import { addRun } from "./history.ts";
import { after } from "./long-wait.ts";
import type { LockMany } from "./lock-batch.ts";
import type { Outages } from "./outages.ts";
import { RunAbort } from "./run-abort.ts";
import { uuid } from "./uuid.ts";
import type { Retry, SchedulerConfig } from "./validate.ts";

/** What a run asks of the scheduler: persist state around it; a promise only when there is I/O. */
export interface RunHost {
  started(run: Run): Promise<void> | undefined;
  settled(run: Run): Promise<void> | undefined;
}

/** What a run needs from the executor that admitted it. */
export interface RunEnv {
  readonly config: SchedulerConfig;
  readonly hooks: Hooks;
  readonly host: RunHost;
  /** Keeps a run's promise for stopJobs/shutdown to wait on. */
  track(promise: Promise<void>): void;
  /** The clock as runs read it. */
  readonly clock: BatchClock;
  /** Logs elector and locker outages once each. */
  readonly _outages: Outages;
  /** Asks the locker: scheduled runs' requests gathered into `lockMany` calls where it has one. */
  readonly _lockMany: LockMany;
  /** The run is over (or was skipped at a gate) and its state is settled. Called once. */
  ended(run: Run): void;
}

/** Whether a task's result is awaited. A `then` getter that throws counts: awaiting it reports the throw as the run's error. */
function isThenable(value: unknown): value is PromiseLike<unknown> {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return false;
  try {
    return typeof (value as PromiseLike<unknown>).then === "function";
  } catch {
    return true;
  }
}

/** The wait before retry number `n` (1 before the 2nd attempt), in whole ms. */
export function retryDelay(retry: Retry, n: number, random: () => number = Math.random): number {
  const d = Math.min(retry.fixed ? retry.delayMs : retry.delayMs * 2 ** (n - 1), retry.maxDelayMs);
  return retry.jitter ? Math.round(d / 2 + random() * (d / 2)) : d;
}

type Skip = [SkipReason, unknown?];
/** What an attempt that succeeded settles with: no task can reject with it (a task may reject with anything else, 0 and undefined included). */
const OK = Symbol();

/**
 * One occurrence of a job, from admission (it may wait in a singleton or limit queue) to its
 * end: elector, locker and shouldRun gates, then the task's attempts between its listeners and
 * monitor hooks. It is also the context the task receives, so a run is one object: at 100,000
 * runs a second every allocation avoided counts. Its own state is private: the task reaches
 * only `job`, `scheduledAt`, `runId`, `attempt` and `signal`.
 *
 * A job with no gates, listeners, timeout, retry or state store runs synchronously up to its
 * task's first await.
 */
export class Run implements TaskContext {
  readonly #record: JobRecord;
  readonly #dueAt: number;
  readonly #done: () => void;
  readonly #env: RunEnv;
  #scheduledAt: Date | null = null;
  /** A runNow run's fresh id; null for a scheduled run (its id is made when read). */
  readonly #runId: string | null;
  #attempt = 1;
  /** Start of the attempt under way. */
  #startedAt = 0;
  /** A timed-out task that has not settled yet: it keeps the run's slot. */
  #pending: Promise<unknown> | null = null;
  /**
   * Made when first needed (the signal read, an abort): most runs never need it. Held, not
   * inherited: V8 allocates an instance of a derived class through the runtime, at about four
   * times the instructions of a plain one, and this is allocated once per run.
   */
  #abort: RunAbort | null = null;

  constructor(record: JobRecord, dueAt: number, runNow: boolean, done: () => void, env: RunEnv) {
    this.#record = record;
    this.#dueAt = dueAt;
    this.#runId = runNow ? `${record.name}@runNow-${uuid()}` : null;
    this.#done = done;
    this.#env = env;
  }

  get job(): Job {
    return this.#record._job;
  }

  /** The instant this run was due (for `runNow`, when it was asked for); made when first read. */
  get scheduledAt(): Date {
    return (this.#scheduledAt ??= new Date(this.#dueAt));
  }

  get runId(): string {
    return this.#runId ?? `${this.#record.name}@${this.#dueAt}`;
  }

  get attempt(): number {
    return this.#attempt;
  }

  get signal(): AbortSignal {
    return this.#switch().signal;
  }

  /** @internal Stopped or removed: no further attempt. */
  get aborted(): boolean {
    return this.#abort?.aborted === true;
  }

  /** @internal Aborts the run (stop, removal): its signal, and a pending retry. */
  abort(reason: unknown): void {
    this.#switch().abort(reason);
  }

  /** @internal Ends a pending retry wait now (pause). */
  wake(): void {
    this.#abort?.wake();
  }

  #switch(): RunAbort {
    return (this.#abort ??= new RunAbort());
  }

  /** @internal */
  get record(): JobRecord {
    return this.#record;
  }

  /** @internal Asked for by `job.runNow()`, not due on the schedule. */
  get runNow(): boolean {
    return this.#runId !== null;
  }

  /** @internal Settles the caller's promise (runNow, tick) once the run finished or was skipped. */
  done(): void {
    this.#done();
  }

  /** @internal Takes a slot: from here on the run counts as running. */
  start(): void {
    const r = this.#record;
    r.running++;
    r.track(this);
    const env = this.#env;
    const c = r.config;
    if (env.config._elector !== null || c.locker !== null || c.on !== undefined || env.config._stateStore !== undefined || c._timeoutMs !== null || c.retry !== null) {
      env.track(this.#gated());
      return;
    }
    if (this.#gone()) {
      this.#release(["stopped"]);
      return;
    }
    let result: unknown;
    try {
      this.#count();
      result = this.#callTask();
    } catch (error) {
      this.#log(1, this.#finish(true, error, true), error);
      this.#release(null);
      return;
    }
    if (!isThenable(result)) {
      this.#log(0, this.#finish(false, undefined, true));
      this.#release(null);
      return;
    }
    env.track(Promise.resolve(result).then(
      () => this.#log(0, this.#finish(false, undefined)),
      (error: unknown) => this.#log(1, this.#finish(true, error), error),
    ).then(() => this.#release(null)));
  }

  async #gated(): Promise<void> {
    const r = this.#record;
    const on = r.config.on;
    const hooks = this.#env.hooks;
    let lock: Lock | null = null;
    let skipped: Skip | null = null;
    try {
      if (this.#env.config._elector !== null) [, skipped] = await this.#ask(false);
      if (skipped === null && r.config.locker !== null) [lock, skipped] = await this.#ask(true);
      if (skipped !== null && skipped[1] !== undefined && on?.afterLockError) await this.#listener("afterLockError", skipped[1]);
      if (skipped === null && on?.shouldRun) {
        let ok: unknown;
        try {
          ok = await on.shouldRun(r._job);
        } catch (error) {
          ok = false;
          this.#env.config._logger.error(jobNote(r.name, "shouldRun threw; run skipped"), error);
        }
        if (ok === false) skipped = ["shouldRun"];
      }
      if (skipped === null && this.#gone()) skipped = ["stopped"];
      if (skipped !== null) return;
      const saving = this.#count();
      // History keeps the first attempt's start; the field moves on with each retry.
      const startedAt = this.#startedAt;
      if (saving !== undefined) await saving;
      if (on?.beforeRun) await this.#listener("beforeRun");
      let [outcome, failure, end] = await this.#try();
      const retry = r.config.retry;
      while (outcome !== 0 && retry !== null && this.#attempt < retry.attempts && !this.#dropped() && this.#worth(retry.when, failure)) {
        const delayMs = retryDelay(retry, this.#attempt);
        hooks.notify("jobRetrying", r._job, failure, { scheduledAt: this.scheduledAt, attempt: this.#attempt + 1, delayMs });
        await Promise.all([this.#switch().sleep(this.#env.config._clock, delayMs), this.#pending]);
        // stop, removal, update and pause drop the pending retry: the occurrence ends with its last error.
        if (this.#dropped()) break;
        this.#attempt++;
        this.#pending = null;
        this.#abort?.renew();
        this.#begin();
        [outcome, failure, end] = await this.#try();
      }
      if (outcome !== 0 && on?.afterRunError) await this.#listener("afterRunError", failure);
      if (outcome === 0 && on?.afterRun) await this.#listener("afterRun");
      this.#startedAt = startedAt;
      this.#log(outcome, end, failure);
    } finally {
      if (this.#pending !== null) await this.#pending;
      if (lock !== null) await hooks.call("lock.unlock", () => lock?.unlock());
      await this.#release(skipped);
    }
  }

  /** Calls the job's listener `name` (which it has) with the job and `args`; a throw is logged as "<name> listener failed". */
  #listener(name: "beforeRun" | "afterRun" | "afterRunError" | "afterLockError", ...args: unknown[]): Promise<unknown> {
    const r = this.#record;
    const listener = r.config.on?.[name] as (...a: unknown[]) => void;
    return this.#env.hooks.call(`${name} listener`, () => listener(r._job, ...args));
  }

  /** One attempt, bounded by the job's timeoutMs: [outcome (0 success, 1 error, 2 timeout), error, end]. */
  async #try(): Promise<[number, unknown, number]> {
    const r = this.#record;
    const ms = r.config._timeoutMs;
    const task = new Promise((resolve) => resolve(this.#callTask())).then(() => OK, (error: unknown) => error);
    let cancel: () => void = () => {};
    let timedOut: SchedulerError | null = null;
    const result = await (ms === null ? task : Promise.race([task, new Promise((resolve) => {
      cancel = after(this.#env.config._clock, ms, () => {
        timedOut = new SchedulerError("JobTimedOut", `job ${show(r.name)} ran past its timeoutMs of ${ms} ms`);
        this.#switch().expire(timedOut);
        resolve(timedOut);
      });
    })]));
    cancel();
    // A task that ignores its signal keeps the slot until it settles; its result is ignored.
    if (timedOut !== null) this.#pending = task;
    const failure = timedOut ?? result;
    const failed = timedOut !== null || result !== OK;
    return [timedOut !== null ? 2 : failed ? 1 : 0, failed ? failure : undefined, this.#finish(failed, failure)];
  }

  /** The retry's `when`, false when it throws. */
  #worth(when: Retry["when"], error: unknown): boolean {
    try {
      return when === null || when(error);
    } catch (e) {
      this.#env.config._logger.error(jobNote(this.#record.name, "retry.when threw; not retried"), e);
      return false;
    }
  }

  /** The job was removed, stopped or used up its limitedRuns while this run waited. */
  #gone(): boolean {
    const r = this.#record;
    return this.aborted || r.removed || (r.config._limitedRuns !== null && r._runs >= r.config._limitedRuns);
  }

  /** Stopped, removed, updated or paused: a pending retry is dropped. */
  #dropped(): boolean {
    return this.aborted || this.#record.removed || this.#record.paused;
  }

  /**
   * Asks the elector (`lock` false) or the locker: the lock (null for the elector) and the skip,
   * or null to go on. A failure is logged once per outage (see Outages); a graceful stop that
   * cut the request short is a stopped run, not an elector or locker failure.
   */
  async #ask(lock: boolean): Promise<[Lock | null, Skip | null]> {
    const env = this.#env;
    const kind = lock ? "locker" : "elector";
    const backend = lock ? this.#record.config.locker as Locker : env.config._elector as Elector;
    try {
      // The lock is keyed by the runId: `<name>@<scheduled epoch ms>`, or a fresh key for runNow.
      // A scheduled run asks with the others of its dispatch when the locker takes batches.
      const answer = lock
        ? await env._lockMany(backend as Locker, this.runId, { ttlMs: env.config._lockTtlMs, signal: this.signal, holder: env.config._instanceId }, this.#runId === null)
        : await (backend as Elector).isLeader(this.signal);
      env._outages.answered(backend, kind);
      if (lock) return [answer as Lock | null, answer === null ? ["locked"] : null];
      return [null, answer ? null : ["notLeader"]];
    } catch (error) {
      if (this.aborted) return [null, ["stopped"]];
      env._outages.failed(backend, kind, error);
      return [null, [lock ? "lockError" : "electorError", error]];
    }
  }

  /** Counts the run and records its start; a promise when the state store must be awaited. */
  #count(): Promise<void> | undefined {
    this.#record._runs++;
    this.#begin();
    return this.#env.host.started(this);
  }

  /** Records an attempt's start. */
  #begin(): void {
    this.#record._lastRun = this.#startedAt = this.#env.clock.start();
  }

  /** What the monitor hears of the attempt under way. */
  #info(): RunInfo {
    const startedAt = this.#startedAt;
    return { scheduledAt: this.scheduledAt, startedAt: new Date(startedAt), delayMs: startedAt - this.#dueAt, runId: this.runId, attempt: this.#attempt };
  }

  #callTask(): unknown {
    const r = this.#record;
    const hooks = this.#env.hooks;
    if (hooks._any) hooks.notify("jobStarted", r._job, this.#info());
    return r.task(this);
  }

  /** Ends an attempt: records its end, tells the monitor; returns the instant. */
  #finish(failed: boolean, failure: unknown, sync = false): number {
    const r = this.#record;
    const end = sync ? this.#env.clock.end() : this.#env.config._clock.now();
    r._lastCompleted = end;
    const hooks = this.#env.hooks;
    if (!hooks._any) return end;
    const result = { ...this.#info(), durationMs: end - this.#startedAt };
    if (failed) hooks.notify("jobFailed", r._job, failure, result);
    else hooks.notify("jobCompleted", r._job, result);
    return end;
  }

  /** Adds the occurrence to the job's history: outcome 0 success, 1 error, 2 timeout, 3 skipped. */
  #log(outcome: number, end: number, failure?: unknown, skip?: SkipReason): void {
    const size = this.#env.config._historySize;
    if (size === 0) return;
    const skipped = outcome === 3;
    addRun(
      this.#record, size, this.#dueAt, skipped ? end : this.#startedAt, end, outcome, skipped ? 0 : this.#attempt, failure, skip, this.#runId ?? undefined,
    );
  }

  /**
   * @internal The run was skipped (at a gate or in a queue): the monitor hears it, and history
   * unless it is a routine skip.
   */
  skipped(reason: SkipReason, error?: unknown): void {
    // Skips that happen every occurrence on a healthy fleet would drown the rest.
    if (reason !== "locked" && reason !== "notLeader") this.#log(3, this.#env.config._clock.now(), undefined, reason);
    const scheduledAt = this.scheduledAt;
    this.#env.hooks.notify("jobSkipped", this.#record._job, reason, error === undefined ? { scheduledAt } : { scheduledAt, error });
  }

  /** Frees the job's slot, reports a skip, settles state, then tells the executor. */
  #release(skipped: Skip | null): Promise<void> | void {
    const r = this.#record;
    r._untrack(this);
    r.running--;
    if (skipped !== null) this.skipped(...skipped);
    const settling = this.#env.host.settled(this);
    if (settling === undefined) return this.#env.ended(this);
    return settling.then(() => this.#env.ended(this));
  }
}
