/**
 * Decides whether this instance is the leader. Asked when an occurrence is due; only the
 * leader runs jobs. Adapters cache leadership so many jobs cost one round trip per lease.
 */
export interface Elector {
  isLeader(signal?: AbortSignal): Promise<boolean>;
}

/** A lock held on one occurrence of a job. */
export interface Lock {
  /**
   * Called when the run ends. Implementations keep the key until its TTL ends (never delete
   * it), so an instance whose clock is late cannot take the same occurrence again.
   */
  unlock(): Promise<void>;
  /** An optional fencing token, increasing with every acquisition. */
  readonly fencingToken?: number | string;
}

/** Options the scheduler passes to {@link Locker.lock} and {@link Locker.lockMany}. */
export interface LockOptions {
  /** How long the lock lives unless extended, in ms. */
  ttlMs: number;
  /** Aborts the attempt, e.g. on shutdown. */
  signal?: AbortSignal;
  /**
   * The asking scheduler's `instanceId` (the scheduler always passes it), for the locker to
   * record who holds the occurrence. Optional so lockers written before it keep working.
   */
  holder?: string;
}

/**
 * Takes locks on occurrences, so each runs on one instance only.
 */
export interface Locker {
  /**
   * Takes a lock on one occurrence. The key names the occurrence: `<job name>@<scheduled
   * instant as epoch ms>` (`runNow()` uses a fresh key of its own). `null` means another
   * instance has it (the run is skipped quietly); a thrown error means the locker could not be
   * asked (the run is skipped and reported).
   */
  lock(key: string, options: LockOptions): Promise<Lock | null>;
  /**
   * Optional: takes the locks of many occurrences in one request (one round trip, one billed
   * command). The scheduler then asks through it for every scheduled run: the runs that reach
   * this locker together (those of one dispatch, the occurrences due at one instant or one
   * timer firing, also behind an elector) share one call, sent within microtasks, never after
   * a timer. `lock()` is then asked only for `runNow()`.
   *
   * Each key is what {@link Locker.lock} would get, with the same `options` for all (one TTL,
   * one holder; the signal aborts when the scheduler stops). The answer has one entry per key,
   * in order: a {@link Lock} where this instance won the occurrence, `null` where another
   * holder has it; each key and each Lock has exactly `lock()`'s semantics (kept until its TTL
   * ends, extended while held, `unlock()` per Lock). A rejection, or an answer that is not an
   * array of that length holding only Locks and nulls, means the batch could not be asked:
   * every run in it is skipped as a `lockError` (the scheduler reports the latter as
   * `LockerFailed`).
   *
   * What the scheduler guarantees: 1 to 1,000 keys per call (a larger dispatch is split), no
   * key twice in one call. A locker need not accept duplicates (it may reject them), but if
   * it answers it must never grant one key twice.
   */
  lockMany?(keys: string[], options: LockOptions): Promise<(Lock | null)[]>;
}
