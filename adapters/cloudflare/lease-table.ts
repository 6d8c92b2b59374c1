import type { LeaseResult } from "./types.ts";

type Row = Record<string, string | number | null | ArrayBuffer>;

/** The synchronous SQL API of a SQLite-backed Durable Object (`ctx.storage.sql`). */
export interface SyncSql {
  exec<T extends Row>(query: string, ...bindings: unknown[]): { toArray(): T[] };
}

interface LeaseRow extends Row {
  holder: string;
  expires_at: number;
  fence: number;
}

/** Expired rows removed per new acquisition, so cleanup cost stays small and bounded. */
const PRUNE_BATCH = 16;

/**
 * Leases in one Durable Object's SQLite storage. Every method is synchronous: with no I/O
 * awaited between the read and the write, the object's single thread makes each
 * read-check-write atomic, however many callers race. `now` comes from the object's clock.
 */
export class LeaseTable {
  readonly #sql: SyncSql;

  constructor(sql: SyncSql) {
    this.#sql = sql;
    sql.exec(
      "CREATE TABLE IF NOT EXISTS isocron_leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at INTEGER NOT NULL, fence INTEGER NOT NULL)",
    );
    sql.exec("CREATE INDEX IF NOT EXISTS isocron_leases_expiry ON isocron_leases (expires_at)");
    // One counter for the whole object, so fencing tokens never go back even after a row is pruned.
    sql.exec("CREATE TABLE IF NOT EXISTS isocron_fence (id INTEGER PRIMARY KEY CHECK (id = 0), value INTEGER NOT NULL)");
    sql.exec("INSERT OR IGNORE INTO isocron_fence (id, value) VALUES (0, 0)");
  }

  /** Takes the lease when it is free or expired, extends it when `holder` already has it. */
  acquire(name: string, holder: string, ttlMs: number, now: number): LeaseResult {
    const row = this.#get(name);
    if (row !== undefined && row.expires_at > now) {
      if (row.holder !== holder) return { held: false, remainingMs: row.expires_at - now, fence: 0 };
      this.#sql.exec("UPDATE isocron_leases SET expires_at = ? WHERE name = ?", now + ttlMs, name);
      return { held: true, remainingMs: ttlMs, fence: row.fence };
    }
    const fence = this.#nextFence();
    this.#sql.exec(
      "INSERT OR REPLACE INTO isocron_leases (name, holder, expires_at, fence) VALUES (?, ?, ?, ?)",
      name,
      holder,
      now + ttlMs,
      fence,
    );
    this.#sql.exec(
      "DELETE FROM isocron_leases WHERE name IN (SELECT name FROM isocron_leases WHERE expires_at <= ? LIMIT ?)",
      now,
      PRUNE_BATCH,
    );
    return { held: true, remainingMs: ttlMs, fence };
  }

  /** Extends the lease only for the holder that has it now; an expired lease is lost. */
  renew(name: string, holder: string, ttlMs: number, now: number): LeaseResult {
    const row = this.#get(name);
    if (row === undefined || row.expires_at <= now) return { held: false, remainingMs: 0, fence: 0 };
    if (row.holder !== holder) return { held: false, remainingMs: row.expires_at - now, fence: 0 };
    this.#sql.exec("UPDATE isocron_leases SET expires_at = ? WHERE name = ?", now + ttlMs, name);
    return { held: true, remainingMs: ttlMs, fence: row.fence };
  }

  /**
   * Ends `holder`'s lease `graceMs` from now instead of at once: an instance whose clock is
   * behind (by less than the grace) must not take over while, by its clock, the occurrence the
   * old leader just ran is still to come. Never lengthens the lease. Without `graceMs` the
   * lease runs to its own end (the safe reading of a client that does not say). True when
   * `holder` had a live lease.
   */
  release(name: string, holder: string, now: number, graceMs?: number): boolean {
    const row = this.#get(name);
    if (row === undefined || row.holder !== holder || row.expires_at <= now) return false;
    if (graceMs !== undefined && now + graceMs < row.expires_at) {
      this.#sql.exec("UPDATE isocron_leases SET expires_at = ? WHERE name = ?", now + graceMs, name);
    }
    return true;
  }

  #get(name: string): LeaseRow | undefined {
    return this.#sql.exec<LeaseRow>("SELECT holder, expires_at, fence FROM isocron_leases WHERE name = ?", name).toArray()[0];
  }

  #nextFence(): number {
    const rows = this.#sql.exec<{ value: number }>("UPDATE isocron_fence SET value = value + 1 WHERE id = 0 RETURNING value").toArray();
    return rows[0]?.value ?? 0;
  }
}
