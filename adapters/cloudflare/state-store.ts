import type { JobState, StateStore } from "../../src/index.ts";
import type { SyncSql } from "./lease-table.ts";

interface StateRow extends Record<string, string | number | null | ArrayBuffer> {
  next_run: number | null;
  last_run: number | null;
  last_completed: number | null;
  runs: number;
  paused: number;
}

/**
 * A {@link StateStore} in a SQLite-backed Durable Object's storage (`ctx.storage.sql`), so a
 * host that is evicted or restarted resumes each job where it was. The SQL API is synchronous
 * and its writes are durable before the object answers anyone, so a saved "dispatched" state
 * is never lost to a crash that the outside world could notice. A paused job's flag is kept too
 * (column `paused`), so a restarted host keeps it paused.
 *
 * @example
 * new Scheduler({ stateStore: new DurableObjectStateStore(ctx.storage.sql) })
 */
export class DurableObjectStateStore implements StateStore {
  readonly #sql: SyncSql;

  constructor(sql: SyncSql) {
    this.#sql = sql;
    sql.exec(
      "CREATE TABLE IF NOT EXISTS isocron_jobs (key TEXT PRIMARY KEY, next_run INTEGER, last_run INTEGER, last_completed INTEGER, runs INTEGER NOT NULL, paused INTEGER NOT NULL DEFAULT 0)",
    );
    // A table made before pause existed lacks the column: add it (its jobs read as not paused).
    const columns = sql.exec<{ name: string }>("PRAGMA table_info(isocron_jobs)").toArray();
    if (!columns.some((c) => c.name === "paused")) sql.exec("ALTER TABLE isocron_jobs ADD COLUMN paused INTEGER NOT NULL DEFAULT 0");
  }

  async load(key: string): Promise<JobState | undefined> {
    return this.loadSync(key);
  }

  async save(key: string, state: JobState): Promise<void> {
    this.#sql.exec(
      "INSERT OR REPLACE INTO isocron_jobs (key, next_run, last_run, last_completed, runs, paused) VALUES (?, ?, ?, ?, ?, ?)",
      key,
      state.nextRun,
      state.lastRun,
      state.lastRunCompletedAt,
      state.runs,
      state.paused === true ? 1 : 0,
    );
  }

  /** The stored state of `key`, read synchronously (for listings). */
  loadSync(key: string): JobState | undefined {
    const row = this.#sql.exec<StateRow>("SELECT next_run, last_run, last_completed, runs, paused FROM isocron_jobs WHERE key = ?", key).toArray()[0];
    if (row === undefined) return undefined;
    const state = { nextRun: row.next_run, lastRun: row.last_run, lastRunCompletedAt: row.last_completed, runs: row.runs };
    return row.paused === 1 ? { ...state, paused: true } : state;
  }
}
