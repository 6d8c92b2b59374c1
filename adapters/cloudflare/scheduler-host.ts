import { DurableObject } from "cloudflare:workers";
import { Scheduler } from "../../src/index.ts";
import type { Job, RunOutcome, RunRecord, ScheduleDescription, SchedulerOptions } from "../../src/index.ts";
import { systemClock } from "../../src/clock.ts";
import { schedulerSource } from "../hono/scheduler-source.ts";
import type { AdminJob, AdminJobDetail } from "../hono/source.ts";
import { DEFAULT_HISTORY_SIZE, HistoryTable } from "./history-table.ts";
import { adminJob, adminJobDetail } from "./host-admin-view.ts";
import type { JobFacts } from "./host-admin-view.ts";
import { checkStreamArgs, HostEvents, isStreamId } from "./host-events.ts";
import type { EventCursor } from "./host-events.ts";
import { DurableObjectStateStore } from "./state-store.ts";

/** One job as {@link SchedulerHost.listJobs} shows it; instants are ISO strings or null. */
export interface JobView {
  readonly id: string;
  readonly name: string;
  readonly tags: string[];
  readonly schedule: ScheduleDescription;
  readonly nextRun: string | null;
  readonly lastRun: string | null;
  readonly lastRunCompletedAt: string | null;
  /** Runs so far, from storage, so it survives restarts. */
  readonly runs: number;
  readonly running: boolean;
  /** Paused with {@link SchedulerHost.pauseJob} (from storage until this instance has ticked). */
  readonly paused: boolean;
  /** How the newest run in the job's history ended, or null when it has none. */
  readonly lastOutcome: RunOutcome | null;
}

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());
const epochIso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

/**
 * A Durable Object that hosts a {@link Scheduler}. Workers have no long-lived process, so
 * nothing calls `start()`: the object's alarm calls `tick()` and re-arms itself at the next
 * due instant, in a `finally` so a failed tick cannot leave it unarmed. Job state (next run,
 * last run, runs so far, paused) is saved in the object's SQLite storage before each task
 * starts, so an evicted or restarted object loses nothing and runs nothing twice. Each job's
 * run history (`job.history()`, at most `historySize` runs) is written there after every
 * tick, run or pause, so {@link jobHistory} still shows the runs from before a restart. Subclass it, define
 * the jobs in {@link defineJobs} (every job needs a `name`), bind it in wrangler.toml and list
 * it under `new_sqlite_classes`. A Cron Trigger can call {@link tick} too, which also wakes a
 * freshly deployed object and arms its alarm. The admin dashboard (`isocron/hono`) reads it
 * through `HostAdminSource` (from `isocron/cloudflare`): {@link adminJobs}, {@link adminJob},
 * {@link adminRun}, {@link pauseJob}, {@link resumeJob} and the event stream {@link adminEvents}.
 *
 * @example
 * export class Jobs extends SchedulerHost<Env> {
 *   protected defineJobs(scheduler: Scheduler): void {
 *     scheduler.newJob(cronJob("0 * * * *"), () => this.hourly(), { name: "hourly" });
 *   }
 * }
 * // in the Worker: scheduled: (c, env) => env.JOBS.getByName("main").tick(c.scheduledTime)
 */
export abstract class SchedulerHost<Env = unknown> extends DurableObject<Env> {
  /** The state store the scheduler uses: this object's SQLite storage. */
  protected readonly store: DurableObjectStateStore;
  readonly #history: HistoryTable;
  readonly #events = new HostEvents();
  #scheduler: Scheduler | null = null;
  #historySize = DEFAULT_HISTORY_SIZE;
  #primed = false;
  /** The alarm instant last set, to skip needless storage writes. */
  #armedAt: number | null | undefined = undefined;

  constructor(ctx: DurableObject["ctx"], env: Env) {
    super(ctx, env);
    this.store = new DurableObjectStateStore(ctx.storage.sql);
    this.#history = new HistoryTable(ctx.storage.sql);
  }

  /** Registers the jobs on a new scheduler; called once per object instance, lazily. */
  protected abstract defineJobs(scheduler: Scheduler): void;

  /** Options for the scheduler (time zone, monitor, logger, ...); the host sets `stateStore`. @default {} */
  protected schedulerOptions(): Omit<SchedulerOptions, "stateStore"> {
    return {};
  }

  /** The hosted scheduler, built with its jobs on first use (after construction, so subclass fields exist). */
  protected get scheduler(): Scheduler {
    if (this.#scheduler === null) {
      const options = this.schedulerOptions();
      this.#scheduler = new Scheduler({ ...options, stateStore: this.store });
      // The events isocron/hono makes of a Scheduler's, keyed by job name like the rest of the host's admin.
      schedulerSource(this.#scheduler, options.clock ?? systemClock).subscribe((event) => this.#events.publish({ ...event, jobId: event.name }));
      // The scheduler has validated it by now.
      this.#historySize = options.historySize ?? DEFAULT_HISTORY_SIZE;
      this.defineJobs(this.#scheduler);
    }
    return this.#scheduler;
  }

  /** The alarm: runs what is due and re-arms. */
  override async alarm(): Promise<void> {
    // The alarm that woke us is spent: whatever tick returns must be set again.
    this.#armedAt = undefined;
    await this.tick();
  }

  /**
   * Runs every occurrence due up to `now` (default: the object's clock), waits for those runs,
   * re-arms the alarm, and returns the next due instant in epoch ms, or null.
   */
  async tick(now: number = Date.now()): Promise<number | null> {
    let next: Date | null | undefined;
    try {
      next = await this.scheduler.tick(now);
      this.#primed = true;
      return next === null ? null : next.getTime();
    } finally {
      try {
        this.#saveHistory();
      } finally {
        await this.#arm(next === undefined ? this.#earliest() : next);
      }
    }
  }

  /**
   * Every job with its next and last runs. A pure read: it never ticks, so it runs nothing
   * and arms nothing. Until this object instance has ticked, the runs come from storage
   * (`nextRun` is null for a job no tick has scheduled yet, e.g. right after a deploy).
   */
  async listJobs(): Promise<JobView[]> {
    return this.scheduler.jobs().map((job) => {
      const stored = this.store.loadSync(job.name);
      const live = this.#primed;
      return {
        id: job.id,
        name: job.name,
        tags: job.tags,
        schedule: job.schedule,
        nextRun: live ? iso(job.nextRun()) : epochIso(stored?.nextRun),
        lastRun: live ? iso(job.lastRun()) : epochIso(stored?.lastRun),
        lastRunCompletedAt: live ? iso(job.lastRunCompletedAt()) : epochIso(stored?.lastRunCompletedAt),
        runs: stored?.runs ?? 0,
        running: job.isRunning(),
        paused: live ? job.isPaused() : stored?.paused === true,
        lastOutcome: this.#history.merged(job.name, job.history(), this.#historySize)[0]?.outcome ?? null,
      };
    });
  }

  /**
   * The last runs of the job named `name`, newest first, at most `historySize`: those kept
   * in storage (from before a restart too) merged with this instance's. A pure read, like
   * {@link listJobs}. Null when there is no such job.
   */
  async jobHistory(name: string): Promise<RunRecord[] | null> {
    const job = this.#job(name);
    return job === undefined ? null : this.#history.merged(job.name, job.history(), this.#historySize);
  }

  /**
   * Pauses the job named `name` (`job.pause()`): it runs no more occurrences until
   * {@link resumeJob}, across restarts too (the paused state is stored). A run in progress goes
   * on. Like {@link runJob}, an object instance that has not ticked yet ticks first (that loads
   * the stored states; it runs only what is already overdue). False when there is no such job.
   */
  async pauseJob(name: string): Promise<boolean> {
    return this.#setPaused(name, true);
  }

  /** Resumes the job named `name` (`job.resume()`) from its next occurrence after now; false when there is none. */
  async resumeJob(name: string): Promise<boolean> {
    return this.#setPaused(name, false);
  }

  async #setPaused(name: string, on: boolean): Promise<boolean> {
    // The job's stored state must be loaded first (a tick loads it), or the pause would save over it.
    if (!this.#primed) await this.tick();
    const job = this.#job(name);
    if (job === undefined) return false;
    if (on) job.pause();
    else job.resume();
    // The core has saved the paused state already (the SQL API writes synchronously); a pause
    // may have dropped queued runs into the history, and the earliest next run has moved.
    this.#saveHistory();
    await this.#arm(this.#earliest());
    return true;
  }

  /** Runs the job named `name` now (through its gates) and waits for it; false when there is none. */
  async runJob(name: string): Promise<boolean> {
    if (!this.#primed) await this.tick();
    const job = this.#job(name);
    if (job === undefined) return false;
    try {
      await job.runNow();
    } finally {
      this.#saveHistory();
    }
    return true;
  }

  /**
   * Every job as the admin dashboard shows it (`isocron/hono`'s {@link AdminJob}, the id being
   * the job's name), with up to 5 next runs and the outcome and durations of its stored
   * history. A pure read, like {@link listJobs}: until this object instance has ticked, a job
   * shows its one stored next run.
   */
  async adminJobs(): Promise<AdminJob[]> {
    return this.scheduler.jobs().map((job) => adminJob(job, this.#facts(job)));
  }

  /** One job as {@link adminJobs} shows it, plus its history (newest first); null when there is none. */
  async adminJob(name: string): Promise<AdminJobDetail | null> {
    const job = this.#job(name);
    return job === undefined ? null : adminJobDetail(job, this.#facts(job));
  }

  /**
   * Starts a run of the job named `name` now (through its gates) and answers without waiting
   * for it, unlike {@link runJob}; its history is stored when it ends. False when there is none.
   */
  async adminRun(name: string): Promise<boolean> {
    if (!this.#primed) await this.tick();
    const job = this.#job(name);
    if (job === undefined) return false;
    const run = job.runNow().finally(() => this.#saveHistory());
    // Rejects here when the run was refused at once; otherwise it goes on after we answer.
    await Promise.race([run, undefined]);
    this.ctx.waitUntil(run);
    return true;
  }

  /**
   * A stream named `id` (the reader's choice) of the scheduler's admin events from `cursor`
   * on, as newline-delimited JSON ({@link HostEvents} says how it is bounded), ending after
   * `ms` (1 s to 15 min), at {@link adminEventsEnd}, or when its reader cancels it. The jobs
   * run here, so their events are here: `HostAdminSource` reads this stream from the Worker
   * and reopens it when it ends. A stream keeps this object awake while it lasts, so it ends
   * on time even when its reader vanished; an object with no stream open may hibernate.
   */
  adminEvents(cursor: EventCursor, ms: number, id: string): ReadableStream<Uint8Array> {
    const args = checkStreamArgs(cursor, ms, id);
    void this.scheduler; // built, so its monitor publishes
    return this.#events.open(args.cursor, args.ms, args.id);
  }

  /** Ends the event stream named `id` (its reader went); false when none is open. */
  adminEventsEnd(id: string): boolean {
    return isStreamId(id) && this.#events.close(id);
  }

  /** How many admin event streams are open (each keeps this object awake while it lasts). */
  protected get eventStreams(): number {
    return this.#events.streams;
  }

  #facts(job: Job): JobFacts {
    return { live: this.#primed, stored: this.store.loadSync(job.name), history: this.#history.merged(job.name, job.history(), this.#historySize) };
  }

  #job(name: string): Job | undefined {
    return this.scheduler.jobs().find((j) => j.name === name);
  }

  /** Writes the history of each job that ran since the last write. */
  #saveHistory(): void {
    for (const job of this.#scheduler?.jobs() ?? []) this.#history.persist(job.name, job.history(), this.#historySize);
  }

  #earliest(): Date | null {
    let min: number | null = null;
    for (const job of this.#scheduler?.jobs() ?? []) {
      const at = job.nextRun()?.getTime();
      if (at !== undefined && (min === null || at < min)) min = at;
    }
    return min === null ? null : new Date(min);
  }

  async #arm(next: Date | null): Promise<void> {
    const at = next === null ? null : next.getTime();
    if (at === this.#armedAt) return;
    if (at === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(at);
    this.#armedAt = at;
  }
}
