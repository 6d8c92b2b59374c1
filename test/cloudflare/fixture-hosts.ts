// Scheduler hosts for the tests: every run is logged in the object's storage, so a test can
// count runs per occurrence across ticks, alarms and restarts.
import { SchedulerHost } from "../../adapters/cloudflare/durable.ts";
import { DurableObjectStateStore } from "../../adapters/cloudflare/state-store.ts";
import { cronJob, durationJob } from "../../src/index.ts";
import type { JobState, Scheduler, SchedulerOptions, TaskContext } from "../../src/index.ts";

abstract class LoggingHost extends SchedulerHost {
  /** How many admin event streams are open, for tests that wait for one or see it end. */
  streams(): number {
    return this.eventStreams;
  }

  protected record({ job, scheduledAt }: TaskContext): void {
    this.note(job.name, scheduledAt.getTime());
  }

  protected note(what: string, at: number): void {
    this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS test_runs (job TEXT NOT NULL, scheduled_at INTEGER NOT NULL)");
    this.ctx.storage.sql.exec("INSERT INTO test_runs (job, scheduled_at) VALUES (?, ?)", what, at);
  }

  /** Stores a job's state as a previous deploy would have left it, without arming anything. */
  seed(job: string, nextRun: number): Promise<void> {
    return this.store.save(job, { nextRun, lastRun: null, lastRunCompletedAt: null, runs: 0 });
  }

  log(): Array<{ job: string; scheduledAt: number }> {
    this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS test_runs (job TEXT NOT NULL, scheduled_at INTEGER NOT NULL)");
    return this.ctx.storage.sql
      .exec<{ job: string; scheduled_at: number }>("SELECT job, scheduled_at FROM test_runs ORDER BY rowid")
      .toArray()
      .map((row) => ({ job: row.job, scheduledAt: row.scheduled_at }));
  }

  alarmAt(): Promise<number | null> {
    return this.ctx.storage.getAlarm();
  }
}

/** Driven by explicit ticks at instants far from real time, so its alarms never fire in a test. */
export class VirtualHost extends LoggingHost {
  protected defineJobs(scheduler: Scheduler): void {
    scheduler.newJob(cronJob("* * * * *"), (c) => this.record(c), { name: "every-minute" });
    scheduler.newJob(durationJob(30_000), (c) => this.record(c), { name: "every-30s" });
  }
}

/**
 * Driven by its own alarm on real time. After each alarm it logs `("(alarm)", instant it
 * re-armed for)`, read inside the handler, so a test sees what each alarm did without racing it.
 */
export class AlarmHost extends LoggingHost {
  protected defineJobs(scheduler: Scheduler): void {
    scheduler.newJob(cronJob("* * * * * *", { withSeconds: true }), (c) => this.record(c), { name: "every-second" });
  }

  override async alarm(): Promise<void> {
    await super.alarm();
    this.note("(alarm)", (await this.ctx.storage.getAlarm()) ?? -1);
  }
}

/**
 * Three 10 s jobs for the operations layer, history bounded to 3 runs: "ok" succeeds, "fails"
 * always throws, "flaky" fails its first attempt and succeeds on its retry 5 ms later.
 */
export class OpsHost extends LoggingHost {
  protected override schedulerOptions(): Omit<SchedulerOptions, "stateStore"> {
    return { historySize: 3, instanceId: "ops-host" };
  }

  protected defineJobs(scheduler: Scheduler): void {
    scheduler.newJob(durationJob(10_000), (c) => this.record(c), { name: "ok" });
    scheduler.newJob(durationJob(10_000), (c) => {
      this.record(c);
      throw Object.assign(new Error("boom"), { code: "E_BOOM" });
    }, { name: "fails" });
    scheduler.newJob(durationJob(10_000), (c) => {
      this.record(c);
      if (c.attempt === 1) throw new Error("first attempt");
    }, { name: "flaky", retry: { attempts: 3, delayMs: 5, jitter: false } });
  }

  /** Overwrites the job's stored history with text that is not JSON, as a damaged row would read. */
  damage(job: string): void {
    this.ctx.storage.sql.exec("UPDATE isocron_history SET runs = '[{\"runId\":' WHERE job = ?", job);
  }

  /** From now on, logs each job whose history row is written (a SQLite trigger). */
  watchWrites(): void {
    const sql = this.ctx.storage.sql;
    sql.exec("CREATE TABLE IF NOT EXISTS test_history_writes (job TEXT NOT NULL)");
    sql.exec("CREATE TRIGGER IF NOT EXISTS test_history_write AFTER INSERT ON isocron_history BEGIN INSERT INTO test_history_writes (job) VALUES (NEW.job); END");
  }

  /** The jobs whose history row was written since {@link watchWrites}, in order. */
  writes(): string[] {
    return this.ctx.storage.sql.exec<{ job: string }>("SELECT job FROM test_history_writes ORDER BY rowid").toArray().map((r) => r.job);
  }

  /**
   * Recreates `isocron_jobs` as a version without pause left it, with one row, then opens a
   * state store over it: what it loads, and what it loads after saving a paused state.
   */
  legacy(): { before: JobState | undefined; after: JobState | undefined } {
    const sql = this.ctx.storage.sql;
    sql.exec("DROP TABLE IF EXISTS isocron_jobs");
    sql.exec("CREATE TABLE isocron_jobs (key TEXT PRIMARY KEY, next_run INTEGER, last_run INTEGER, last_completed INTEGER, runs INTEGER NOT NULL)");
    sql.exec("INSERT INTO isocron_jobs (key, next_run, last_run, last_completed, runs) VALUES ('old', 5, 3, 4, 7)");
    const store = new DurableObjectStateStore(sql);
    const before = store.loadSync("old");
    void store.save("old", { ...before!, paused: true });
    return { before, after: new DurableObjectStateStore(sql).loadSync("old") };
  }
}

/**
 * The admin dashboard's host in tests: "report" succeeds, "fails" always throws, "slow" takes
 * 2 s of real time (to see a run in progress); every 10 s, history bounded to 5 runs.
 */
export class AdminHost extends LoggingHost {
  protected override schedulerOptions(): Omit<SchedulerOptions, "stateStore"> {
    return { historySize: 5, instanceId: "admin-host" };
  }

  protected defineJobs(scheduler: Scheduler): void {
    scheduler.newJob(durationJob(10_000), (c) => this.record(c), { name: "report", tags: ["daily"] });
    scheduler.newJob(durationJob(10_000), (c) => {
      this.record(c);
      throw Object.assign(new Error("boom"), { code: "E_BOOM" });
    }, { name: "fails" });
    scheduler.newJob(durationJob(10_000), async (c) => {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      this.record(c);
    }, { name: "slow" });
  }
}
