// Scheduler hosts for the tests: every run is logged in the object's storage, so a test can
// count runs per occurrence across ticks, alarms and restarts.
import { SchedulerHost } from "../../adapters/cloudflare/durable.ts";
import { cronJob, durationJob } from "../../src/index.ts";
import type { Scheduler, TaskContext } from "../../src/index.ts";

abstract class LoggingHost extends SchedulerHost {
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
