import type { BatchClock } from "./batch-clock.ts";
import type { Lock } from "./distributed.ts";
import type { Hooks } from "./hooks.ts";
import type { Job } from "./job.ts";
import type { JobRecord } from "./job-record.ts";
import type { RunInfo, SkipReason } from "./monitor.ts";
import type { TaskContext } from "./options.ts";
import { show } from "./errors.ts";
import type { Outages } from "./outages.ts";
import { RunAbort } from "./run-abort.ts";
import { uuid } from "./uuid.ts";
import type { SchedulerConfig } from "./validate.ts";

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
  readonly outages: Outages;
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

/**
 * One occurrence of a job, from admission (it may wait in a singleton or limit queue) to its
 * end: elector, locker and shouldRun gates, then the task between its listeners and monitor
 * hooks. It is also the context the task receives, so a run is one object: at 100,000 runs a
 * second every allocation avoided counts. Its own state is private: the task reaches only
 * `job`, `scheduledAt` and `signal`.
 *
 * A job with no gates, listeners or state store runs synchronously up to its task's first await.
 */
export class Run extends RunAbort implements TaskContext {
  readonly #record: JobRecord;
  readonly #dueAt: number;
  readonly #runNow: boolean;
  readonly #done: () => void;
  readonly #env: RunEnv;
  #scheduledAt: Date | null = null;
  #info: RunInfo | null = null;

  constructor(record: JobRecord, dueAt: number, runNow: boolean, done: () => void, env: RunEnv) {
    super();
    this.#record = record;
    this.#dueAt = dueAt;
    this.#runNow = runNow;
    this.#done = done;
    this.#env = env;
  }

  get job(): Job {
    return this.#record.job;
  }

  /** The instant this run was due (for `runNow`, when it was asked for); made when first read. */
  get scheduledAt(): Date {
    return (this.#scheduledAt ??= new Date(this.#dueAt));
  }

  /** @internal */
  get record(): JobRecord {
    return this.#record;
  }

  /** @internal Asked for by `job.runNow()`, not due on the schedule. */
  get runNow(): boolean {
    return this.#runNow;
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
    if (env.config.elector !== null || r.config.locker !== null || r.config.on !== undefined || env.config.stateStore !== undefined) {
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
      this.#finish(true, error, true);
      this.#release(null);
      return;
    }
    if (!isThenable(result)) {
      this.#finish(false, undefined, true);
      this.#release(null);
      return;
    }
    env.track(Promise.resolve(result).then(
      () => this.#finish(false, undefined),
      (error: unknown) => this.#finish(true, error),
    ).then(() => this.#release(null)));
  }

  async #gated(): Promise<void> {
    const r = this.#record;
    const on = r.config.on;
    let lock: Lock | null = null;
    let skipped: [SkipReason, unknown?] | null = null;
    try {
      skipped = await this.#ask();
      if (skipped === null && r.config.locker !== null) {
        ({ lock, skipped } = await this.#lock());
      }
      if (skipped !== null && skipped[1] !== undefined && on?.afterLockError) {
        const error = skipped[1];
        await this.#env.hooks.call("afterLockError listener", () => on.afterLockError?.(r.job, error));
      }
      if (skipped === null && on?.shouldRun) {
        let ok: unknown;
        try {
          ok = await on.shouldRun(r.job);
        } catch (error) {
          ok = false;
          this.#env.config.logger.error(`[isocron] shouldRun listener of job ${show(r.name)} threw; run skipped`, error);
        }
        if (ok === false) skipped = ["shouldRun"];
      }
      if (skipped === null && this.#gone()) skipped = ["stopped"];
      if (skipped !== null) return;
      const saving = this.#count();
      if (saving !== undefined) await saving;
      if (on?.beforeRun) await this.#env.hooks.call("beforeRun listener", () => on.beforeRun?.(r.job));
      let failed = false;
      let failure: unknown;
      try {
        await this.#callTask();
      } catch (error) {
        failed = true;
        failure = error;
      }
      if (failed && on?.afterRunError) await this.#env.hooks.call("afterRunError listener", () => on.afterRunError?.(r.job, failure));
      if (!failed && on?.afterRun) await this.#env.hooks.call("afterRun listener", () => on.afterRun?.(r.job));
      this.#finish(failed, failure);
    } finally {
      if (lock !== null) await this.#env.hooks.call("lock.unlock", () => lock?.unlock());
      await this.#release(skipped);
    }
  }

  /** The job was removed, stopped or used up its limitedRuns while this run waited. */
  #gone(): boolean {
    const r = this.#record;
    return this.aborted || r.removed || (r.config.limitedRuns !== null && r.runs >= r.config.limitedRuns);
  }

  /** The elector's answer as a skip reason, or null to go on. */
  async #ask(): Promise<[SkipReason, unknown?] | null> {
    const elector = this.#env.config.elector;
    if (elector === null) return null;
    const outages = this.#env.outages;
    try {
      const leader = await elector.isLeader(this.signal);
      outages.answered(elector, "elector");
      return leader ? null : ["notLeader"];
    } catch (error) {
      // A graceful stop cut the request short: that is a stopped run, not an elector failure.
      if (this.aborted) return ["stopped"];
      outages.failed(elector, "elector", error);
      return ["electorError", error];
    }
  }

  /** Takes this occurrence's lock: `<name>@<scheduled epoch ms>`, or a fresh key for runNow. */
  async #lock(): Promise<{ lock: Lock | null; skipped: [SkipReason, unknown?] | null }> {
    const r = this.#record;
    const key = this.#runNow ? `${r.name}@runNow-${uuid()}` : `${r.name}@${this.#dueAt}`;
    const locker = r.config.locker as NonNullable<typeof r.config.locker>;
    const outages = this.#env.outages;
    try {
      const lock = await locker.lock(key, { ttlMs: this.#env.config.lockTtlMs, signal: this.signal });
      outages.answered(locker, "locker");
      return { lock, skipped: lock === null ? ["locked"] : null };
    } catch (error) {
      // A graceful stop cut the request short: that is a stopped run, not a locker failure.
      if (this.aborted) return { lock: null, skipped: ["stopped"] };
      outages.failed(locker, "locker", error);
      return { lock: null, skipped: ["lockError", error] };
    }
  }

  /** Counts the run and records its start; a promise when the state store must be awaited. */
  #count(): Promise<void> | undefined {
    const r = this.#record;
    r.runs++;
    const startedAt = this.#env.clock.start();
    r.lastRun = startedAt;
    const hooks = this.#env.hooks;
    if (hooks.watches("jobStarted") || hooks.watches("jobCompleted") || hooks.watches("jobFailed")) {
      this.#info = { scheduledAt: this.scheduledAt, startedAt: new Date(startedAt), delayMs: startedAt - this.#dueAt };
    }
    return this.#env.host.started(this);
  }

  #callTask(): unknown {
    const r = this.#record;
    if (this.#info !== null) this.#env.hooks.notify("jobStarted", r.job, this.#info);
    return r.task(this);
  }

  #finish(failed: boolean, failure: unknown, sync = false): void {
    const r = this.#record;
    const end = sync ? this.#env.clock.end() : this.#env.config.clock.now();
    r.lastCompleted = end;
    const info = this.#info;
    if (info === null) return;
    const result = { ...info, durationMs: end - info.startedAt.getTime() };
    if (failed) this.#env.hooks.notify("jobFailed", r.job, failure, result);
    else this.#env.hooks.notify("jobCompleted", r.job, result);
  }

  /** Frees the job's slot, reports a skip, settles state, then tells the executor. */
  #release(skipped: [SkipReason, unknown?] | null): Promise<void> | void {
    const r = this.#record;
    r.untrack(this);
    r.running--;
    if (skipped !== null) {
      const [reason, error] = skipped;
      this.#env.hooks.notify("jobSkipped", r.job, reason, error === undefined ? { scheduledAt: this.scheduledAt } : { scheduledAt: this.scheduledAt, error });
    }
    const settling = this.#env.host.settled(this);
    if (settling === undefined) return this.#env.ended(this);
    return settling.then(() => this.#env.ended(this));
  }
}
