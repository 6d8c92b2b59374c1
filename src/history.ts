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
function errorOf(error: unknown): NonNullable<RunRecord["error"]> {
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
 * A job's last runs, in a ring allocated on the job's first run: numbers in one Float64Array,
 * so recording a run allocates nothing.
 */
export class History {
  readonly #nums: Float64Array;
  readonly #extra: (Extra | null)[];
  #next = 0;
  #count = 0;

  constructor(readonly size: number) {
    this.#nums = new Float64Array(size * W);
    this.#extra = new Array<Extra | null>(size).fill(null);
  }

  /** Records a run; `error` only for a failure, `runId` only when it is not `<name>@<scheduledAt>`. */
  add(scheduledAt: number, startedAt: number, endedAt: number, outcome: number, attempts: number, failure?: unknown, skip?: SkipReason, runId?: string): void {
    const i = this.#next;
    const n = this.#nums;
    n[i * W] = scheduledAt;
    n[i * W + 1] = startedAt;
    n[i * W + 2] = endedAt;
    n[i * W + 3] = attempts * 4 + outcome;
    let x: Extra | null = null;
    if (outcome === 1 || outcome === 2) x = { error: errorOf(failure) };
    else if (skip) x = { skipReason: skip };
    if (runId) (x ??= {}).runId = runId;
    this.#extra[i] = x;
    this.#next = (i + 1) % this.size;
    if (this.#count < this.size) this.#count++;
  }

  /** The runs, newest first. */
  list(name: string, instanceId: string): RunRecord[] {
    const out: RunRecord[] = [];
    const n = this.#nums;
    for (let k = 1; k <= this.#count; k++) {
      const i = (this.#next - k + this.size) % this.size;
      const [scheduledAt, startedAt, endedAt, packed] = Array.from(n.subarray(i * W, i * W + W)) as [number, number, number, number];
      const x = this.#extra[i];
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
}
