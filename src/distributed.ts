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

/** Options the scheduler passes to {@link Locker.lock}. */
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
 * Takes a lock on one occurrence. The key names the occurrence: `<job name>@<scheduled
 * instant as epoch ms>`. `null` means another instance has it (the run is skipped quietly);
 * a thrown error means the locker could not be asked (the run is skipped and reported).
 */
export interface Locker {
  lock(key: string, options: LockOptions): Promise<Lock | null>;
}
