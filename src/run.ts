import type { Lock } from "./distributed.ts";
import type { Hooks } from "./hooks.ts";
import type { Job } from "./job.ts";
import type { PendingRun } from "./job-record.ts";
import type { RunInfo, SkipReason } from "./monitor.ts";
import type { TaskContext } from "./options.ts";
import { RunAbort } from "./run-abort.ts";
import { uuid } from "./uuid.ts";
import type { SchedulerConfig } from "./validate.ts";

/** What a run asks of the scheduler: persist state around it; a promise only when there is I/O. */
export interface RunHost {
  started(pending: PendingRun): Promise<void> | undefined;
  settled(pending: PendingRun): Promise<void> | undefined;
}

/** What a run needs from the executor that admitted it. */
export interface RunEnv {
  readonly config: SchedulerConfig;
  readonly hooks: Hooks;
  readonly host: RunHost;
  /** Keeps a run's promise for stopJobs/shutdown to wait on. */
  track(promise: Promise<void>): void;
  /** The run is over (or was skipped at a gate) and its state is settled. Called once. */
  ended(run: Run): void;
}

/** What a task receives; its signal is made only if the task reads it. */
class Context implements TaskContext {
  readonly #run: RunAbort;

  constructor(
    readonly job: Job,
    readonly scheduledAt: Date,
    run: RunAbort,
  ) {
    this.#run = run;
  }

  get signal(): AbortSignal {
    return this.#run.signal;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === "object" || typeof value === "function") && typeof (value as PromiseLike<unknown>).then === "function";
}

/**
 * One admitted run: elector, locker and shouldRun gates, then the task between its listeners
 * and monitor hooks. A job with no gates, listeners or state store runs synchronously up to its
 * task's first await: at thousands of runs a second, every promise avoided counts.
 */
export class Run extends RunAbort {
  #startedAt = 0;
  #info: RunInfo | null = null;

  constructor(
    readonly pending: PendingRun,
    private readonly env: RunEnv,
  ) {
    super();
    const r = pending.record;
    r.running++;
    r.track(this);
  }

  start(): void {
    const r = this.pending.record;
    if (this.env.config.elector !== null || r.config.locker !== null || r.config.on !== undefined || this.env.config.options.stateStore !== undefined) {
      this.env.track(this.#gated());
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
      this.#finish(true, error);
      this.#release(null);
      return;
    }
    if (!isThenable(result)) {
      this.#finish(false, undefined);
      this.#release(null);
      return;
    }
    this.env.track(Promise.resolve(result).then(
      () => this.#finish(false, undefined),
      (error: unknown) => this.#finish(true, error),
    ).then(() => this.#release(null)));
  }

  async #gated(): Promise<void> {
    const r = this.pending.record;
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
        await this.env.hooks.call("afterLockError listener", () => on.afterLockError?.(r.job, error));
      }
      if (skipped === null && on?.shouldRun) {
        let ok: unknown;
        try {
          ok = await on.shouldRun(r.job);
        } catch (error) {
          ok = false;
          this.env.config.logger.error(`[isocron] shouldRun listener of job ${JSON.stringify(r.name)} threw; run skipped`, error);
        }
        if (ok === false) skipped = ["shouldRun"];
      }
      if (skipped === null && this.#gone()) skipped = ["stopped"];
      if (skipped !== null) return;
      const saving = this.#count();
      if (saving !== undefined) await saving;
      if (on?.beforeRun) await this.env.hooks.call("beforeRun listener", () => on.beforeRun?.(r.job));
      let failed = false;
      let failure: unknown;
      try {
        await this.#callTask();
      } catch (error) {
        failed = true;
        failure = error;
      }
      if (failed && on?.afterRunError) await this.env.hooks.call("afterRunError listener", () => on.afterRunError?.(r.job, failure));
      if (!failed && on?.afterRun) await this.env.hooks.call("afterRun listener", () => on.afterRun?.(r.job));
      this.#finish(failed, failure);
    } finally {
      if (lock !== null) await this.env.hooks.call("lock.unlock", () => lock?.unlock());
      await this.#release(skipped);
    }
  }

  /** The job was removed, stopped or used up its limitedRuns while this run waited. */
  #gone(): boolean {
    const r = this.pending.record;
    return this.aborted || r.removed || (r.config.limitedRuns !== null && r.runs >= r.config.limitedRuns);
  }

  /** The elector's answer as a skip reason, or null to go on. */
  async #ask(): Promise<[SkipReason, unknown?] | null> {
    const elector = this.env.config.elector;
    if (elector === null) return null;
    try {
      return (await elector.isLeader(this.signal)) ? null : ["notLeader"];
    } catch (error) {
      return ["electorError", error];
    }
  }

  /** Takes this occurrence's lock: `<name>@<scheduled epoch ms>`, or a fresh key for runNow. */
  async #lock(): Promise<{ lock: Lock | null; skipped: [SkipReason, unknown?] | null }> {
    const { record: r, runNow, scheduledAt } = this.pending;
    const key = runNow ? `${r.name}@runNow-${uuid()}` : `${r.name}@${scheduledAt}`;
    try {
      const lock = await (r.config.locker as NonNullable<typeof r.config.locker>).lock(key, { ttlMs: this.env.config.lockTtlMs, signal: this.signal });
      return { lock, skipped: lock === null ? ["locked"] : null };
    } catch (error) {
      return { lock: null, skipped: ["lockError", error] };
    }
  }

  /** Counts the run and records its start; a promise when the state store must be awaited. */
  #count(): Promise<void> | undefined {
    const r = this.pending.record;
    r.runs++;
    this.#startedAt = this.env.config.clock.now();
    r.lastRun = this.#startedAt;
    return this.env.host.started(this.pending);
  }

  #callTask(): unknown {
    const r = this.pending.record;
    const hooks = this.env.hooks;
    const scheduledAt = new Date(this.pending.scheduledAt);
    if (hooks.watches("jobStarted") || hooks.watches("jobCompleted") || hooks.watches("jobFailed")) {
      this.#info = { scheduledAt, startedAt: new Date(this.#startedAt), delayMs: this.#startedAt - this.pending.scheduledAt };
      hooks.notify("jobStarted", r.job, this.#info);
    }
    return r.task(new Context(r.job, scheduledAt, this));
  }

  #finish(failed: boolean, failure: unknown): void {
    const r = this.pending.record;
    const end = this.env.config.clock.now();
    r.lastCompleted = end;
    const info = this.#info;
    if (info === null) return;
    const result = { ...info, durationMs: end - this.#startedAt };
    if (failed) this.env.hooks.notify("jobFailed", r.job, failure, result);
    else this.env.hooks.notify("jobCompleted", r.job, result);
  }

  /** Frees the job's slot, reports a skip, settles state, then tells the executor. */
  #release(skipped: [SkipReason, unknown?] | null): Promise<void> | void {
    const p = this.pending;
    const r = p.record;
    r.untrack(this);
    r.running--;
    if (skipped !== null) {
      const [reason, error] = skipped;
      const scheduledAt = new Date(p.scheduledAt);
      this.env.hooks.notify("jobSkipped", r.job, reason, error === undefined ? { scheduledAt } : { scheduledAt, error });
    }
    const settling = this.env.host.settled(p);
    if (settling === undefined) return this.env.ended(this);
    return settling.then(() => this.env.ended(this));
  }
}
