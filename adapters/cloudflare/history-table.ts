import type { RunRecord } from "../../src/index.ts";
import type { SyncSql } from "./lease-table.ts";

/** The scheduler's `historySize` when its options leave it out. */
export const DEFAULT_HISTORY_SIZE = 20;

/** Two records are the same run when both their run id and their end agree. */
const keyOf = (run: RunRecord): string => `${run.endedAt}|${run.runId}`;
/** What identifies a job's newest record, to tell whether anything ran since the last write. */
const topOf = (run: RunRecord): string => `${keyOf(run)}|${run.outcome}|${run.attempts}`;

/**
 * `live` (newest first) followed by the `stored` runs it does not have, cut to `size`. Stored
 * runs are older than every live one (they were written from an earlier ring, or by an
 * earlier object instance), so appending keeps the list newest first without a sort.
 */
export function mergeRuns(live: readonly RunRecord[], stored: readonly RunRecord[], size: number): RunRecord[] {
  const out = live.slice(0, size);
  const seen = new Set(out.map(keyOf));
  for (const run of stored) {
    if (out.length >= size) break;
    const key = keyOf(run);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(run);
  }
  return out;
}

const isRun = (value: unknown): value is RunRecord =>
  typeof value === "object" && value !== null && typeof (value as RunRecord).runId === "string" && typeof (value as RunRecord).endedAt === "number";

/**
 * Each job's run history in a SQLite-backed Durable Object's storage, so it outlives the
 * object: one row per job (`isocron_history`: `job`, `runs` as a JSON array, newest first),
 * never longer than the scheduler's `historySize`. A row is written only when the job's
 * in-memory history has a run the row does not.
 */
export class HistoryTable {
  readonly #sql: SyncSql;
  /** Per job, the newest run written by this instance: equal means nothing new to write. */
  readonly #written = new Map<string, string>();

  constructor(sql: SyncSql) {
    this.#sql = sql;
    sql.exec("CREATE TABLE IF NOT EXISTS isocron_history (job TEXT PRIMARY KEY, runs TEXT NOT NULL)");
  }

  /** The runs stored for `job`, newest first; none when the row is missing or unreadable. */
  stored(job: string): RunRecord[] {
    const row = this.#sql.exec<{ runs: string }>("SELECT runs FROM isocron_history WHERE job = ?", job).toArray()[0];
    if (row === undefined) return [];
    try {
      const runs: unknown = JSON.parse(row.runs);
      return Array.isArray(runs) ? runs.filter(isRun) : [];
    } catch {
      return []; // a damaged row is history lost, not a host that cannot list its jobs
    }
  }

  /** The job's history: `live` (the scheduler's, newest first) merged with the stored runs, at most `size`. */
  merged(job: string, live: readonly RunRecord[], size: number): RunRecord[] {
    return size === 0 ? [] : mergeRuns(live, this.stored(job), size);
  }

  /** Writes the job's merged history when `live` has a run not written yet; true when it wrote. */
  persist(job: string, live: readonly RunRecord[], size: number): boolean {
    const newest = live[0];
    if (size === 0 || newest === undefined) return false;
    const top = topOf(newest);
    if (this.#written.get(job) === top) return false;
    const runs = this.merged(job, live, size);
    this.#sql.exec("INSERT OR REPLACE INTO isocron_history (job, runs) VALUES (?, ?)", job, JSON.stringify(runs));
    this.#written.set(job, top);
    return true;
  }
}
