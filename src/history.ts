import { truncate } from "./errors.ts";
import { reasonOf } from "./option-values.ts";
import type { SkipReason } from "./monitor.ts";
import { scrub } from "./scrub.ts";

/** How a run ended. */
export type RunOutcome = "success" | "error" | "timeout" | "skipped";

/** One run in `job.history()`: plain data (instants as epoch ms) that survives a JSON round trip. */
export interface RunRecord {
  readonly runId: string;
  readonly scheduledAt: number;
  /** Start of the first attempt (for a skip: when it was skipped). */
  readonly startedAt: number;
  /** End of the last attempt (a timed-out attempt ends at its timeout). */
  readonly endedAt: number;
  readonly durationMs: number;
  readonly outcome: RunOutcome;
  /** Attempts made; 0 for a skip. */
  readonly attempts: number;
  /** The last attempt's error: its message cut to 200 characters, credentials in it masked, never a stack. */
  readonly error?: { readonly name: string; readonly message: string; readonly code?: string };
  readonly skipReason?: SkipReason;
  readonly instanceId: string;
}

const OUTCOMES: readonly RunOutcome[] = ["success", "error", "timeout", "skipped"];
/** Numbers per entry: scheduledAt, startedAt, endedAt, attempts * 4 + outcome. */
const W = 4;

/** What an entry keeps besides its numbers (null for a plain success). */
interface Extra {
  error?: RunRecord["error"];
  skipReason?: SkipReason;
  runId?: string;
}

/** An error as history keeps it. */
export function errorOf(error: unknown): NonNullable<RunRecord["error"]> {
  const out: { name: string; message: string; code?: string } = { name: "Error", message: truncate(scrub(reasonOf(error, 10_000)), 200) };
  try {
    if (error instanceof Error) {
      out.name = String(error.name).slice(0, 100);
      const code: unknown = (error as { code?: unknown }).code;
      if (typeof code === "string" || typeof code === "number") out.code = String(code).slice(0, 100);
    }
  } catch {
    // an unreadable error keeps what was read
  }
  return out;
}

/**
 * Job histories, up to 64 jobs to a block: one plain array of unboxed doubles, entries slot by
 * slot, each slot lane by lane (a lane a job). Jobs that run together took their lanes
 * together (on their first runs), so at 10,000 every-second jobs a dispatch writes each block
 * front to back, one after the next. Per-job rings scattered over the heap, with their heads
 * in them, made recording a run cost half as much again as the rest of its dispatch (cache
 * misses: docs/performance.md). Where a job's next entry goes lives on its record (see
 * {@link HistoryHolder}), which the dispatch has in cache anyway. A block lives as long as one
 * of its jobs does. What a run has besides numbers (an error, a skip reason, a runNow id) is
 * kept aside, keyed by block.
 */
export type Ring = number[];

/**
 * What a job's history needs on its record: its block (null until its first run) and, in one
 * small integer, its lane (bits 0-5), how far it has written (bits 6-16: the entries while
 * fewer than `size`, then `size` + the next slot) and whether it ever kept extras ({@link EXTRAS}).
 * A record replaced by `update` has -1 (see {@link handOver}).
 */
export interface HistoryHolder {
  _ring: Ring | null;
  _hist: number;
}

const EXTRAS = 1 << 17;

const extras = new WeakMap<Ring, (Extra | null)[]>();
/** The record that replaced one (update). */
const successors = new WeakMap<HistoryHolder, HistoryHolder>();
/** The block new jobs take lanes in, its size, and how many lanes it has given. */
let open: Ring | null = null;
let openSize = 0;
let given = 0;

/** Jobs per block for histories of `size` entries (integer arithmetic: this is on every run's path). */
function lanesFor(size: number): number {
  return size > 20 ? (1280 / size) | 0 : 64;
}

/** `to` replaces `from` (an update): it takes the history over, and runs of `from` still in flight are recorded in it. */
export function handOver(from: HistoryHolder, to: HistoryHolder): void {
  to._ring = from._ring;
  to._hist = from._hist;
  from._hist = -1;
  successors.set(from, to);
}

/**
 * Records a run in `holder`'s history of `size` entries (taking a lane on its first run):
 * outcome 0 success, 1 error, 2 timeout, 3 skipped; `failure` only for errors, `runId` only
 * when it is not `<name>@<scheduledAt>`.
 */
export function addRun(
  holder: HistoryHolder, size: number, scheduledAt: number, startedAt: number, endedAt: number, outcome: number, attempts: number,
  failure?: unknown, skip?: SkipReason, runId?: string,
): void {
  while (holder._hist < 0) holder = successors.get(holder) as HistoryHolder;
  let r = holder._ring;
  if (r === null) {
    if (open === null || openSize !== size || given * size * W === open.length) {
      // 64 jobs a block at the default size, fewer for long histories: 1,280 entries (40 KB) at
      // most, one job or more as size <= 1,000; 0.5 makes the array one of unboxed doubles from the start.
      open = new Array<number>(lanesFor(size) * size * W).fill(0.5);
      openSize = size;
      given = 0;
    }
    r = holder._ring = open;
    holder._hist = given++;
  }
  const state = holder._hist;
  const lane = state & 63;
  const p = (state >> 6) & 2047;
  const i = p < size ? p : p - size;
  const at = (i * lanesFor(size) + lane) * W;
  r[at] = scheduledAt;
  r[at + 1] = startedAt;
  r[at + 2] = endedAt;
  r[at + 3] = attempts * 4 + outcome;
  let x: Extra | null = null;
  if (outcome === 1 || outcome === 2) x = { error: errorOf(failure) };
  else if (skip) x = { skipReason: skip };
  if (runId) (x ??= {}).runId = runId;
  holder._hist = lane + (p + 1 === 2 * size ? size : p + 1) * 64 + (x !== null || state >= EXTRAS ? EXTRAS : 0);
  // The map is asked only once the job has extras: a lookup per plain run would cost more than the rest.
  if (x === null && state < EXTRAS) return;
  let kept = extras.get(r);
  if (kept === undefined) extras.set(r, (kept = new Array<Extra | null>(r.length / W).fill(null)));
  kept[lane * size + i] = x;
}

/** The runs in `holder`'s history of `size` entries, newest first. */
export function listRuns(holder: HistoryHolder, size: number, name: string, instanceId: string): RunRecord[] {
  const out: RunRecord[] = [];
  while (holder._hist < 0) holder = successors.get(holder) as HistoryHolder;
  const r = holder._ring;
  if (r === null) return out;
  const lane = holder._hist & 63;
  const p = (holder._hist >> 6) & 2047;
  const kept = extras.get(r);
  for (let k = 1; k <= Math.min(p, size); k++) {
    const i = (p - k + size) % size;
    const at = (i * lanesFor(size) + lane) * W;
    const [scheduledAt, startedAt, endedAt, packed] = r.slice(at, at + W) as [number, number, number, number];
    const x = kept?.[lane * size + i];
    const run: Record<string, unknown> = {
      runId: x?.runId ?? `${name}@${scheduledAt}`,
      scheduledAt, startedAt, endedAt, durationMs: endedAt - startedAt,
      outcome: OUTCOMES[packed % 4], attempts: Math.floor(packed / 4),
    };
    if (x?.error) run["error"] = { ...x.error };
    if (x?.skipReason) run["skipReason"] = x.skipReason;
    run["instanceId"] = instanceId;
    out.push(run as unknown as RunRecord);
  }
  return out;
}
