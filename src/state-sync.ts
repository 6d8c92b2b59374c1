import { MAX_DATE_MS } from "./clock.ts";
import { jobNote } from "./errors.ts";
import type { JobRecord } from "./job-record.ts";
import type { Logger } from "./options.ts";
import type { JobState, StateStore } from "./state-store.ts";

/** What the store keeps of a job. */
export function stateOf(record: JobRecord): JobState {
  return {
    nextRun: record._hasNext() ? record._nextAt : null,
    lastRun: Number.isNaN(record._lastRun) ? null : record._lastRun,
    lastRunCompletedAt: Number.isNaN(record._lastCompleted) ? null : record._lastCompleted,
    runs: record._runs,
    ...(record.paused ? { paused: true } : {}),
  };
}

/** None (null or undefined), or an instant a Date can hold. */
function instantOrNone(value: unknown): boolean {
  return value == null || (typeof value === "number" && Math.abs(value) <= MAX_DATE_MS);
}

/** A copy of a loaded state when every field is sane, else null: a store may hand back anything. */
function checkedState(state: unknown): JobState | null {
  try {
    const { nextRun = null, lastRun = null, lastRunCompletedAt = null, runs, paused } = state as Record<string, unknown>;
    const ok = Number.isSafeInteger(runs) && (runs as number) >= 0 && instantOrNone(nextRun) && instantOrNone(lastRun) && instantOrNone(lastRunCompletedAt)
      && (paused === undefined || typeof paused === "boolean");
    return ok ? ({ nextRun, lastRun, lastRunCompletedAt, runs, ...(paused === true ? { paused } : {}) } as JobState) : null;
  } catch {
    return null; // not an object, or a getter threw
  }
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
      logger.error(jobNote(record.name, "stateStore.load failed"), error);
      return;
    }
    if (state === undefined || record.removed) return;
    const valid = checkedState(state);
    if (valid === null) {
      logger.error(jobNote(record.name, "stateStore.load gave an invalid state"));
      return;
    }
    apply(record, valid);
  }));
}
