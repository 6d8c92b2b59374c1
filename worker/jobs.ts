import { SchedulerHost } from "../adapters/cloudflare/durable.ts";
import { cronJob, durationJob } from "../src/index.ts";
import type { Scheduler } from "../src/index.ts";

/**
 * The example's scheduler host: the jobs live in code, their state in this object's storage.
 * Replace these two with your own; every job needs a `name` (it keys the stored state).
 */
export class IsocronScheduler<Env = unknown> extends SchedulerHost<Env> {
  protected defineJobs(scheduler: Scheduler): void {
    scheduler.newJob(cronJob("*/5 * * * *"), () => this.#beat(), { name: "heartbeat" });
    scheduler.newJob(durationJob(60 * 60 * 1000), ({ scheduledAt }) => {
      console.log(`hourly job for ${scheduledAt.toISOString()}`);
    }, { name: "hourly", startAt: { anchor: new Date(0) } });
  }

  /** Keeps the last heartbeat in storage, to show a job touching the object's state. */
  #beat(): void {
    this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS example_heartbeat (id INTEGER PRIMARY KEY CHECK (id = 0), at INTEGER NOT NULL)");
    this.ctx.storage.sql.exec("INSERT OR REPLACE INTO example_heartbeat (id, at) VALUES (0, ?)", Date.now());
  }
}
