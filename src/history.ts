import { reasonOf } from "./option-values.ts";
import type { SkipReason } from "./monitor.ts";

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
/** Header numbers: next slot, count, whether extras were ever kept. */
const H = 3;

/** What an entry keeps besides its numbers (null for a plain success). */
interface Extra {
  error?: RunRecord["error"];
  skipReason?: SkipReason;
  runId?: string;
}

/** Masks `user:pass@` in URLs and the value after words like token, key, secret, password, bearer. */
function scrub(text: string): string {
  return text.replace(/\/\/[^/\s@]*@/g, "//***@").replace(/(bearer|token|key|secret|password|auth\w*)([=:\s]+)[^\s,;&]+/gi, "$1$2***");
}

/** An error as history keeps it. */
export function errorOf(error: unknown): NonNullable<RunRecord["error"]> {
  const out: { name: string; message: string; code?: string } = { name: "Error", message: scrub(reasonOf(error)) };
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
 * A job's last runs: a ring allocated on the job's first run, one plain array of doubles
 * (unboxed, so recording a run allocates nothing and touches one object): `[next, count,
 * has extras, ...entries]`, {@link W} numbers an entry. What a run has besides numbers (an error, a skip
 * reason, a runNow id) is kept aside, keyed by the ring.
 */
export type Ring = number[];

const extras = new WeakMap<Ring, (Extra | null)[]>();

/**
 * Records a run in `ring` (made when null, `size` entries) and returns the ring: outcome 0
 * success, 1 error, 2 timeout, 3 skipped; `failure` only for errors, `runId` only when it is
 * not `<name>@<scheduledAt>`.
 */
export function addRun(
  ring: Ring | null, size: number, scheduledAt: number, startedAt: number, endedAt: number, outcome: number, attempts: number,
  failure?: unknown, skip?: SkipReason, runId?: string,
): Ring {
  // 0.5 makes the array one of unboxed doubles from the start.
  const r = ring ?? new Array<number>(H + size * W).fill(0.5);
  if (ring === null) r[0] = r[1] = r[2] = 0;
  const i = r[0] as number;
  const at = H + i * W;
  r[at] = scheduledAt;
  r[at + 1] = startedAt;
  r[at + 2] = endedAt;
  r[at + 3] = attempts * 4 + outcome;
  r[0] = i + 1 === size ? 0 : i + 1;
  if ((r[1] as number) < size) (r[1] as number)++;
  let x: Extra | null = null;
  if (outcome === 1 || outcome === 2) x = { error: errorOf(failure) };
  else if (skip) x = { skipReason: skip };
  if (runId) (x ??= {}).runId = runId;
  // The map is asked only once the ring has extras: a lookup per plain run would cost more than the rest.
  if (x === null && r[2] === 0) return r;
  let kept = extras.get(r);
  if (kept === undefined) {
    extras.set(r, (kept = new Array<Extra | null>(size).fill(null)));
    r[2] = 1;
  }
  kept[i] = x;
  return r;
}

/** The runs in `ring`, newest first. */
export function listRuns(ring: Ring | null, name: string, instanceId: string): RunRecord[] {
  const out: RunRecord[] = [];
  if (ring === null) return out;
  const size = (ring.length - H) / W;
  const kept = extras.get(ring);
  for (let k = 1; k <= (ring[1] as number); k++) {
    const i = ((ring[0] as number) - k + size) % size;
    const [scheduledAt, startedAt, endedAt, packed] = ring.slice(H + i * W, H + i * W + W) as [number, number, number, number];
    const x = kept?.[i];
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
