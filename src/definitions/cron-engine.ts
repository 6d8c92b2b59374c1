import { Cron } from "croner";
import type { DstPolicy } from "./definition.ts";
import type { ZoneOffsets } from "../time/zone-offsets.ts";
import { RunChain } from "./run-chain.ts";

/**
 * One parsed cron pattern in one zone, shared by every job that uses it: croner allocates
 * about 83 KB per pattern, and jobs sharing a pattern share its next-time computations
 * (a {@link RunChain} of its recent runs per DST policy).
 * croner is used only as a next-time engine (`nextRun(from)` on a paused instance, never
 * given a function, so it never arms a timer).
 */
export class CronEngine {
  readonly cron: Cron;
  /** No wildcard or step in seconds, minutes or hours: DST treats it as a fixed local time. */
  readonly fixedTime: boolean;
  private readonly hasGaps: boolean;
  // Recent runs per policy, shared by every job on this pattern.
  private readonly shiftRuns = new RunChain();
  private readonly skipRuns = new RunChain();
  private fires: boolean | undefined;

  constructor(pattern: string, zone: ZoneOffsets, withSeconds: boolean) {
    const fixed = zone.fixedOffset;
    this.cron = new Cron(pattern, {
      paused: true,
      // Nicknames (@daily) expand to five fields; otherwise the field count must match exactly.
      mode: pattern.trimStart().startsWith("@") ? "5-part" : withSeconds ? "6-part" : "5-part",
      // Vixie cron: a job is "fixed time" unless a time field has a wildcard or step, so
      // `30 2,14 * * *` also runs after a gap. croner's default only counts single values.
      fixedTimeRule: "no-wildcard",
      // Day of month OR day of week when both are restricted; when one is `*` (or `?`) only the
      // other counts (Vixie, robfig/gocron). `*/2` counts as restricted, as in robfig.
      domAndDow: false,
      // A zone that never changes offset takes croner's numeric path: ~10x faster, no Intl.
      ...(fixed !== null ? { utcOffset: fixed / 60_000 } : { timezone: zone.timeZone }),
    });
    this.fixedTime = isFixedTime(pattern, withSeconds);
    this.hasGaps = fixed === null;
  }

  /** The first run strictly after `after`, under a DST policy. */
  next(after: number, policy: DstPolicy): number | null {
    const chain = policy === "skip" ? this.skipRuns : this.shiftRuns;
    const known = chain.lookup(after);
    if (known !== undefined) return known;
    const result = policy === "skip" ? this.nextSkipping(after) : this.raw(after);
    chain.record(after, result);
    return result;
  }

  /** Whether the pattern runs at all after `from` (computed once per engine). */
  firesAfter(from: number): boolean {
    this.fires ??= this.raw(from) !== null;
    return this.fires;
  }

  private raw(after: number): number | null {
    if (!Number.isFinite(after)) return null;
    const next = this.cron.nextRun(new Date(after));
    return next === null ? null : next.getTime();
  }

  /**
   * croner moves a fixed time in a gap to the end of the gap; under "skip" such a run does not
   * count. It is recognisable because its wall time no longer matches the pattern.
   */
  private nextSkipping(after: number): number | null {
    let next = this.raw(after);
    if (!this.fixedTime || !this.hasGaps) return next;
    // A gap per transition, so a handful of retries is plenty; bounded all the same.
    for (let i = 0; i < 16 && next !== null && !this.cron.match(new Date(next)); i++) next = this.raw(next);
    return next;
  }
}

const NICKNAMES: Readonly<Record<string, string>> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

/** Vixie's rule (croner's "no-wildcard"): no `*`, `?` or `/` in the seconds, minutes or hours. */
function isFixedTime(pattern: string, withSeconds: boolean): boolean {
  const trimmed = pattern.trim();
  const expanded = NICKNAMES[trimmed.toLowerCase()];
  const fields = (expanded ?? trimmed).split(/\s+/);
  const timeFields = expanded !== undefined || !withSeconds ? ["0", ...fields.slice(0, 2)] : fields.slice(0, 3);
  return timeFields.every((field) => !/[*?/]/.test(field));
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
 * The shared engine for (pattern, zone, withSeconds), created on first use. Throws croner's
 * own error for a bad pattern (the caller wraps it).
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
