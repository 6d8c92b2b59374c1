import { nextRun } from "../cron/next.ts";
import { type CronPattern, parseCron } from "../cron/parse.ts";
import type { DstPolicy } from "./definition.ts";
import type { ZoneOffsets } from "../time/zone-offsets.ts";
import { RunChain } from "./run-chain.ts";

/**
 * One parsed cron pattern in one zone, shared by every job that uses it, with its recent runs
 * (a {@link RunChain} per DST policy), so jobs sharing a pattern share next-time computations.
 */
export class CronEngine {
  readonly #pattern: CronPattern;
  readonly #zone: ZoneOffsets;
  // Recent runs per policy, shared by every job on this pattern.
  readonly #shiftRuns = new RunChain();
  readonly #skipRuns: RunChain;
  #fires: boolean | undefined;

  constructor(pattern: string, zone: ZoneOffsets, withSeconds: boolean) {
    this.#pattern = parseCron(pattern, withSeconds);
    this.#zone = zone;
    // The policies differ only for fixed times in zones with gaps.
    this.#skipRuns = this.#pattern._fixed && zone._fixedOffset === null ? new RunChain() : this.#shiftRuns;
  }

  /** The first run strictly after `after`, under a DST policy. */
  next(after: number, policy: DstPolicy): number | null {
    const chain = policy === "skip" ? this.#skipRuns : this.#shiftRuns;
    const known = chain._lookup(after);
    if (known !== undefined) return known;
    const result = this._compute(after, policy);
    chain._record(after, result);
    return result;
  }

  /** Whether the pattern runs at all after `from` (computed once per engine). */
  _firesAfter(from: number): boolean {
    this.#fires ??= this._compute(from, "shift") !== null;
    return this.#fires;
  }

  /** The first run strictly after `after`, computed afresh (what {@link next} remembers). */
  _compute(after: number, policy: DstPolicy): number | null {
    return Number.isFinite(after) ? nextRun(this.#pattern, this.#zone, after, policy) : null;
  }
}

type Slot = WeakRef<CronEngine> | CronEngine;
const engines = new Map<string, Slot>();
const hasWeakRefs = typeof WeakRef === "function" && typeof FinalizationRegistry === "function";
// Patterns no live job uses any more are dropped, so a long-lived process does not keep them.
const registry = hasWeakRefs
  ? new FinalizationRegistry<string>((key) => {
      const slot = engines.get(key);
      if (slot instanceof WeakRef && slot.deref() === undefined) engines.delete(key);
    })
  : null;
/** Without WeakRef, keep at most this many patterns (oldest dropped first). */
const MAX_STRONG = 2_000;

/**
 * The shared engine for (pattern, zone, withSeconds), created on first use. Throws a
 * `SyntaxError` naming the bad field for a bad pattern (the caller wraps it).
 */
export function internCron(pattern: string, zone: ZoneOffsets, withSeconds: boolean): CronEngine {
  const key = `${withSeconds ? 6 : 5}\u0000${zone.timeZone}\u0000${pattern}`;
  const slot = engines.get(key);
  const existing = slot instanceof CronEngine ? slot : slot?.deref();
  if (existing !== undefined) return existing;
  const engine = new CronEngine(pattern, zone, withSeconds);
  if (registry !== null) {
    engines.set(key, new WeakRef(engine));
    registry.register(engine, key);
  } else {
    if (engines.size >= MAX_STRONG) {
      const oldest = engines.keys().next().value;
      if (oldest !== undefined) engines.delete(oldest);
    }
    engines.set(key, engine);
  }
  return engine;
}

/** How many (pattern, zone, withSeconds) engines are interned now; for tests and monitoring. */
export function internedPatternCount(): number {
  let count = 0;
  for (const slot of engines.values()) if (slot instanceof CronEngine || slot.deref() !== undefined) count++;
  return count;
}
