import type { Lock } from "./distributed.ts";
import type { JobRecord, PendingRun } from "./job-record.ts";
import type { Hooks } from "./hooks.ts";
import type { SkipReason } from "./monitor.ts";
import { uuid } from "./uuid.ts";
import type { SchedulerConfig } from "./validate.ts";

/** Bound on every wait queue (gocron's): past it a run is dropped and reported. */
export const MAX_QUEUED = 1000;

/** What the executor asks of the scheduler around each run. */
export interface ExecutorHost {
  /** A run started or settled: persist state, reschedule, remove a finished job. */
  started(record: JobRecord): Promise<void>;
  settled(record: JobRecord, pending: PendingRun): Promise<void>;
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
    void this.host.settled(p.record, p).finally(p.done);
  }

  async #execute(p: PendingRun): Promise<void> {
    const r = p.record;
    const { elector } = this.config;
    const locker = r.config.locker;
    const controller = new AbortController();
    r.running++;
    this.#active++;
    (r.controllers ??= new Set()).add(controller);
    let lock: Lock | null = null;
    let skipped: [SkipReason, unknown?] | null = null;
    try {
      if (elector !== null) {
        let leader = false;
        try {
          leader = await elector.isLeader(controller.signal);
        } catch (error) {
          skipped = ["electorError", error];
        }
        if (!leader && skipped === null) skipped = ["notLeader"];
      }
      if (skipped === null && locker !== null) {
        const key = p.runNow ? `${r.name}@runNow-${uuid()}` : `${r.name}@${p.scheduledAt}`;
        try {
          lock = await locker.lock(key, { ttlMs: this.config.lockTtlMs, signal: controller.signal });
          if (lock === null) skipped = ["locked"];
        } catch (error) {
          skipped = ["lockError", error];
        }
      }
      if (skipped !== null && skipped[1] !== undefined) {
        const error = skipped[1];
        await this.hooks.call("afterLockError listener", r.config.on?.afterLockError && (() => r.config.on?.afterLockError?.(r.job, error)));
      }
      const shouldRun = r.config.on?.shouldRun;
      if (skipped === null && shouldRun) {
        let ok: unknown;
        try {
          ok = await shouldRun(r.job);
        } catch (error) {
          ok = false;
          this.config.logger.error(`[isocron] shouldRun listener of job ${JSON.stringify(r.name)} threw; run skipped`, error);
        }
        if (ok === false) skipped = ["shouldRun"];
      }
      if (skipped === null && (controller.signal.aborted || r.removed)) skipped = ["stopped"];
      if (skipped === null && r.config.limitedRuns !== null && r.runs >= r.config.limitedRuns) skipped = ["stopped"];
      if (skipped !== null) return;
      await this.#run(p, controller.signal);
    } finally {
      r.controllers?.delete(controller);
      r.running--;
      this.#active--;
      if (lock !== null) {
        await this.hooks.call("lock.unlock", () => lock?.unlock());
      }
      if (skipped !== null) {
        const [reason, error] = skipped;
        this.hooks.notify("jobSkipped", r.job, reason, error === undefined ? { scheduledAt: new Date(p.scheduledAt) } : { scheduledAt: new Date(p.scheduledAt), error });
      }
      await this.host.settled(r, p);
      this.#drain(r);
      p.done();
    }
  }

  async #run(p: PendingRun, signal: AbortSignal): Promise<void> {
    const r = p.record;
    const { clock } = this.config;
    r.runs++;
    const startedAt = clock.now();
    r.lastRun = startedAt;
    await this.host.started(r);
    const scheduledAt = new Date(p.scheduledAt);
    const info = { scheduledAt, startedAt: new Date(startedAt), delayMs: startedAt - p.scheduledAt };
    const on = r.config.on;
    await this.hooks.call("beforeRun listener", on?.beforeRun && (() => on.beforeRun?.(r.job)));
    this.hooks.notify("jobStarted", r.job, info);
    let failed = false;
    let failure: unknown;
    try {
      await r.task({ signal, job: r.job, scheduledAt });
    } catch (error) {
      failed = true;
      failure = error;
    }
    const end = clock.now();
    r.lastCompleted = end;
    const result = { ...info, durationMs: end - startedAt };
    if (failed) {
      await this.hooks.call("afterRunError listener", on?.afterRunError && (() => on.afterRunError?.(r.job, failure)));
      this.hooks.notify("jobFailed", r.job, failure, result);
    } else {
      await this.hooks.call("afterRun listener", on?.afterRun && (() => on.afterRun?.(r.job)));
      this.hooks.notify("jobCompleted", r.job, result);
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
