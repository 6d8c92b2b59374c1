import type { Lock } from "./distributed.ts";
import type { JobRecord, PendingRun } from "./job-record.ts";
import type { Hooks } from "./hooks.ts";
import type { SkipReason } from "./monitor.ts";
import { RunAbort } from "./run-abort.ts";
import { uuid } from "./uuid.ts";
import type { SchedulerConfig } from "./validate.ts";

/** Bound on every wait queue (gocron's): past it a run is dropped and reported. */
export const MAX_QUEUED = 1000;

/** What the executor asks of the scheduler around each run. */
export interface ExecutorHost {
  /** A run passed its gates or settled: persist state, reschedule, remove a finished job. A
   * promise is returned only when there is I/O to wait for, so the hot path awaits nothing. */
  started(record: JobRecord): Promise<void> | undefined;
  settled(record: JobRecord, pending: PendingRun): Promise<void> | undefined;
}

/**
 * Admits due runs through the gates (singleton, scheduler limit, elector, locker, shouldRun)
 * and runs their tasks. Owns the wait queues and the count of runs in flight.
 */
export class Executor {
  #active = 0;
  readonly #waiting: PendingRun[] = [];
  readonly #inflight = new Set<Promise<void>>();

  constructor(
    private readonly config: SchedulerConfig,
    private readonly hooks: Hooks,
    private readonly host: ExecutorHost,
  ) {}

  /** Runs queued under the scheduler limit's `"wait"` mode. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Promises of the runs in flight, for stopJobs/shutdown to wait on. */
  inflight(): Promise<void>[] {
    return [...this.#inflight];
  }

  /** Sends a run through singleton and limit; it runs now, waits in a queue, or is skipped. */
  admit(p: PendingRun): void {
    const r = p.record;
    if (r.removed) return this.#skip(p, "stopped");
    const limit = this.config.limit;
    if (r.config.singletonMode !== null && r.running > 0) {
      if (r.config.singletonMode === "reschedule" || limit?.mode === "wait") return this.#skip(p, "singleton");
      const queue = (r.singletonQueue ??= []);
      if (queue.length >= MAX_QUEUED) return this.#skip(p, "queueFull");
      r.queued++;
      queue.push(p);
      return;
    }
    if (limit !== null && this.#active >= limit.limit) {
      this.hooks.notify("concurrencyLimitReached", r.job, limit.mode);
      if (limit.mode === "reschedule") return this.#skip(p, "limit");
      if (this.#waiting.length >= MAX_QUEUED) return this.#skip(p, "queueFull");
      r.queued++;
      this.#waiting.push(p);
      return;
    }
    const run = this.#execute(p);
    this.#inflight.add(run);
    void run.finally(() => this.#inflight.delete(run));
  }

  /** Drops queued runs: of one job (removeJob, update) or all (stopJobs). */
  dropQueued(record?: JobRecord): void {
    if (record !== undefined && record.queued === 0) return;
    const keep: PendingRun[] = [];
    const dropped: PendingRun[] = [];
    for (const p of this.#waiting) (record === undefined || p.record === record ? dropped : keep).push(p);
    this.#waiting.splice(0, this.#waiting.length, ...keep);
    for (const p of dropped) p.record.queued--;
    if (record) {
      if (record.singletonQueue !== null) dropped.push(...record.singletonQueue.splice(0));
      record.queued = 0;
    }
    for (const p of dropped) this.#skip(p, "stopped");
  }

  dropAllQueued(records: Iterable<JobRecord>): void {
    this.dropQueued();
    for (const r of records) {
      const own = r.singletonQueue?.splice(0) ?? [];
      r.queued = 0;
      for (const p of own) this.#skip(p, "stopped");
    }
  }

  #skip(p: PendingRun, reason: SkipReason, error?: unknown): void {
    const info = error === undefined ? { scheduledAt: new Date(p.scheduledAt) } : { scheduledAt: new Date(p.scheduledAt), error };
    this.hooks.notify("jobSkipped", p.record.job, reason, info);
    const settling = this.host.settled(p.record, p);
    if (settling === undefined) p.done();
    else void settling.finally(p.done);
  }

  async #execute(p: PendingRun): Promise<void> {
    const r = p.record;
    const { elector } = this.config;
    const locker = r.config.locker;
    const on = r.config.on;
    const abort = new RunAbort();
    r.running++;
    this.#active++;
    (r.inFlight ??= new Set()).add(abort);
    let lock: Lock | null = null;
    let skipped: [SkipReason, unknown?] | null = null;
    try {
      if (elector !== null) {
        let leader = false;
        try {
          leader = await elector.isLeader(abort.signal);
        } catch (error) {
          skipped = ["electorError", error];
        }
        if (!leader && skipped === null) skipped = ["notLeader"];
      }
      if (skipped === null && locker !== null) {
        const key = p.runNow ? `${r.name}@runNow-${uuid()}` : `${r.name}@${p.scheduledAt}`;
        try {
          lock = await locker.lock(key, { ttlMs: this.config.lockTtlMs, signal: abort.signal });
          if (lock === null) skipped = ["locked"];
        } catch (error) {
          skipped = ["lockError", error];
        }
      }
      if (skipped !== null && skipped[1] !== undefined && on?.afterLockError) {
        const error = skipped[1];
        await this.hooks.call("afterLockError listener", () => on.afterLockError?.(r.job, error));
      }
      if (skipped === null && on?.shouldRun) {
        let ok: unknown;
        try {
          ok = await on.shouldRun(r.job);
        } catch (error) {
          ok = false;
          this.config.logger.error(`[isocron] shouldRun listener of job ${JSON.stringify(r.name)} threw; run skipped`, error);
        }
        if (ok === false) skipped = ["shouldRun"];
      }
      if (skipped === null && (abort.aborted || r.removed)) skipped = ["stopped"];
      if (skipped === null && r.config.limitedRuns !== null && r.runs >= r.config.limitedRuns) skipped = ["stopped"];
      if (skipped !== null) return;
      await this.#run(p, abort);
    } finally {
      r.inFlight?.delete(abort);
      r.running--;
      this.#active--;
      if (lock !== null) await this.hooks.call("lock.unlock", () => lock?.unlock());
      if (skipped !== null) {
        const [reason, error] = skipped;
        this.hooks.notify("jobSkipped", r.job, reason, error === undefined ? { scheduledAt: new Date(p.scheduledAt) } : { scheduledAt: new Date(p.scheduledAt), error });
      }
      const settling = this.host.settled(r, p);
      if (settling !== undefined) await settling;
      this.#drain(r);
      p.done();
    }
  }

  /** The run itself: count it, listeners and monitor around the task. Awaits only what exists. */
  async #run(p: PendingRun, abort: RunAbort): Promise<void> {
    const r = p.record;
    const { clock } = this.config;
    const on = r.config.on;
    r.runs++;
    const startedAt = clock.now();
    r.lastRun = startedAt;
    const saving = this.host.started(r);
    if (saving !== undefined) await saving;
    const scheduledAt = new Date(p.scheduledAt);
    const watched = this.hooks.watches("jobStarted") || this.hooks.watches("jobCompleted") || this.hooks.watches("jobFailed");
    const info = watched ? { scheduledAt, startedAt: new Date(startedAt), delayMs: startedAt - p.scheduledAt } : null;
    if (on?.beforeRun) await this.hooks.call("beforeRun listener", () => on.beforeRun?.(r.job));
    if (info !== null) this.hooks.notify("jobStarted", r.job, info);
    let failed = false;
    let failure: unknown;
    try {
      await r.task({ job: r.job, scheduledAt, get signal() { return abort.signal; } });
    } catch (error) {
      failed = true;
      failure = error;
    }
    const end = clock.now();
    r.lastCompleted = end;
    const result = info === null ? null : { ...info, durationMs: end - startedAt };
    if (failed) {
      if (on?.afterRunError) await this.hooks.call("afterRunError listener", () => on.afterRunError?.(r.job, failure));
      if (result !== null) this.hooks.notify("jobFailed", r.job, failure, result);
    } else {
      if (on?.afterRun) await this.hooks.call("afterRun listener", () => on.afterRun?.(r.job));
      if (result !== null) this.hooks.notify("jobCompleted", r.job, result);
    }
  }

  /** A slot freed: start the job's next singleton-queued run, then runs waiting for the limit. */
  #drain(r: JobRecord): void {
    if (r.running === 0 && r.singletonQueue !== null && r.singletonQueue.length > 0) {
      const next = r.singletonQueue.shift() as PendingRun;
      r.queued--;
      this.admit(next);
    }
    const limit = this.config.limit;
    while (limit !== null && this.#waiting.length > 0 && this.#active < limit.limit) {
      const next = this.#waiting.shift() as PendingRun;
      next.record.queued--;
      this.admit(next);
    }
  }
}
