import { show } from "./errors.ts";
import type { JobRecord } from "./job-record.ts";
import type { Logger } from "./options.ts";
import type { JobState, StateStore } from "./state-store.ts";

/** What the store keeps of a job. */
export function stateOf(record: JobRecord): JobState {
  return {
    nextRun: record.hasNext() ? record.dueAt : null,
    lastRun: Number.isNaN(record.lastRun) ? null : record.lastRun,
    lastRunCompletedAt: Number.isNaN(record.lastCompleted) ? null : record.lastCompleted,
    runs: record.runs,
  };
}

/**
 * Loads the stored state of every record not loaded yet and hands it to `apply`. A store that
 * fails is logged; the job then starts afresh.
 */
export async function loadStates(
  records: Iterable<JobRecord>,
  store: StateStore,
  logger: Logger,
  apply: (record: JobRecord, state: JobState) => void,
): Promise<void> {
  const pending = [...records].filter((r) => !r.restored);
  await Promise.all(pending.map(async (record) => {
    record.restored = true;
    let state: JobState | undefined;
    try {
      state = await store.load(record.name);
    } catch (error) {
      logger.error(`[isocron] stateStore.load failed for job ${show(record.name)}`, error);
      return;
    }
    if (state !== undefined && !record.removed) apply(record, state);
  }));
}
