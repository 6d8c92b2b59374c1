import { BatchClock } from "./batch-clock.ts";
import type { JobRecord } from "./job-record.ts";
import type { Hooks } from "./hooks.ts";
import type { SkipReason } from "./monitor.ts";
import { lockBatches } from "./lock-batch.ts";
import { Outages } from "./outages.ts";
import { Run, type RunEnv, type RunHost } from "./run.ts";
import type { SchedulerConfig } from "./validate.ts";

/** Bound on every wait queue (gocron's): past it a run is dropped and reported. */
export const MAX_QUEUED = 1000;

/**
 * Admits due runs through the gates (singleton, scheduler limit, elector, locker, shouldRun)
 * and runs their tasks. Owns the wait queues and the count of runs in flight.
 */
export class Executor {
  #active = 0;
  readonly #waiting: Run[] = [];
  readonly #_inflight = new Set<Promise<void>>();
  /** Runs read the clock through this; the scheduler opens and closes its batches. */
  declare readonly clock: BatchClock;

  readonly #env: RunEnv;

  readonly #config: SchedulerConfig;
  readonly #hooks: Hooks;
  readonly #host: RunHost;

  constructor(config: SchedulerConfig, hooks: Hooks, host: RunHost) {
    this.#config = config;
    this.#hooks = hooks;
    this.#host = host;
    this.clock = new BatchClock(config._clock, hooks);
    this.#env = {
      config,
      clock: this.clock,
      _outages: new Outages(config._logger),
      _lockMany: lockBatches(hooks),
      hooks,
      host,
      track: (run) => {
        this.#_inflight.add(run);
        void run.finally(() => this.#_inflight.delete(run));
      },
      ended: (run) => {
        this.#active--;
        this.#drain(run.record);
        run.done();
      },
    };
  }

  /** Runs queued under the scheduler limit's `"wait"` mode. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Promises of the runs in flight, for stopJobs/shutdown to wait on. */
  _inflight(): Promise<void>[] {
    return [...this.#_inflight];
  }

  /**
   * Sends an occurrence of `record` through singleton and limit: it runs now, waits in a queue,
   * or is skipped. `done` is called once it finished or was skipped.
   */
  admit(record: JobRecord, dueAt: number, runNow: boolean, done: () => void): void {
    this.#admit(new Run(record, dueAt, runNow, done, this.#env));
  }

  #admit(p: Run): void {
    const r = p.record;
    if (r.removed) return this.#skip(p, "stopped");
    const limit = this.#config.limit;
    if (r.config._singletonMode !== null && r.running > 0) {
      if (r.config._singletonMode === "reschedule" || limit?.mode === "wait") return this.#skip(p, "singleton");
      const queue = (r._singletonQueue ??= []);
      if (queue.length >= MAX_QUEUED) return this.#skip(p, "queueFull");
      r.queued++;
      queue.push(p);
      return;
    }
    if (limit !== null && this.#active >= limit.limit) {
      this.#hooks.notify("concurrencyLimitReached", r._job, limit.mode);
      if (limit.mode === "reschedule") return this.#skip(p, "limit");
      if (this.#waiting.length >= MAX_QUEUED) return this.#skip(p, "queueFull");
      r.queued++;
      this.#waiting.push(p);
      return;
    }
    this.#active++;
    p.start();
  }

  /** Drops queued runs: of one job (removeJob, update, pause) or all (stopJobs). */
  _dropQueued(record?: JobRecord, reason: SkipReason = "stopped"): void {
    if (record !== undefined && record.queued === 0) return;
    const keep: Run[] = [];
    const dropped: Run[] = [];
    for (const p of this.#waiting) (record === undefined || p.record === record ? dropped : keep).push(p);
    this.#waiting.splice(0, this.#waiting.length, ...keep);
    for (const p of dropped) p.record.queued--;
    if (record) {
      if (record._singletonQueue !== null) dropped.push(...record._singletonQueue.splice(0));
      record.queued = 0;
    }
    for (const p of dropped) this.#skip(p, reason);
  }

  _dropAllQueued(records: Iterable<JobRecord>): void {
    this._dropQueued();
    for (const r of records) this._dropQueued(r);
  }

  #skip(p: Run, reason: SkipReason): void {
    p.skipped(reason);
    const settling = this.#host.settled(p);
    if (settling === undefined) p.done();
    else void settling.finally(() => p.done());
  }

  /** A slot freed: start the job's next singleton-queued run, then runs waiting for the limit. */
  #drain(r: JobRecord): void {
    if (r.running === 0 && r._singletonQueue !== null && r._singletonQueue.length > 0) {
      const next = r._singletonQueue.shift() as Run;
      r.queued--;
      this.#admit(next);
    }
    const limit = this.#config.limit;
    while (limit !== null && this.#waiting.length > 0 && this.#active < limit.limit) {
      const next = this.#waiting.shift() as Run;
      next.record.queued--;
      this.#admit(next);
    }
  }
}
