/** What a host must remember about one job between invocations. */
export interface JobState {
  /** The next due instant (epoch ms), or null when none. */
  readonly nextRun: number | null;
  /** Start of the last run (epoch ms). */
  readonly lastRun: number | null;
  readonly lastRunCompletedAt: number | null;
  /** Runs so far (counts towards `limitedRuns`). */
  readonly runs: number;
  /** Paused with `job.pause()`; missing in states saved before pausing existed (not paused). */
  readonly paused?: boolean;
}

/**
 * Keeps job state where a short-lived host can find it again (Durable Object storage, say).
 * Keys are job names, so every job needs a `name` when a store is set. The scheduler loads a
 * job's state before first scheduling it and saves it each time an occurrence is dispatched
 * (before the task starts, awaited inside `tick`) and when a run completes.
 */
export interface StateStore {
  load(key: string): Promise<JobState | undefined>;
  save(key: string, state: JobState): Promise<void>;
}

/** A {@link StateStore} in memory: the default behaviour, useful in tests. */
export class MemoryStateStore implements StateStore {
  readonly states: Map<string, JobState> = new Map();

  async load(key: string): Promise<JobState | undefined> {
    return this.states.get(key);
  }

  async save(key: string, state: JobState): Promise<void> {
    this.states.set(key, state);
  }
}
