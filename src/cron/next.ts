import type { DstPolicy } from "../definitions/definition.ts";
import { MAX_EPOCH_MS, MS_PER_DAY } from "../time/civil.ts";
import { MAX_CLOCK_CHANGE_MS, type ZoneOffsets } from "../time/zone-offsets.ts";
import { MAX_YEARS, nextLocal, yearOf } from "./next-local.ts";
import type { CronPattern } from "./parse.ts";

/** How far ahead a fall-back can still repeat the current wall time: the largest clock change. */
const MAX_SHIFT = MAX_CLOCK_CHANGE_MS;

/**
 * The first run of a pattern strictly after `after` (epoch ms) in a zone, by croner 11's DST rule
 * (Vixie cron's):
 * - a fixed-time pattern (`p.fixed`) whose local time does not exist runs at the end of the gap
 *   when that is still the same local day (`"shift"`), or not at all (`"skip"`); a local time
 *   that happens twice runs once, at its first occurrence;
 * - any other pattern runs at every instant whose local time matches: both passes of a repeated
 *   hour, nothing in a gap.
 */
export function nextRun(p: CronPattern, zone: ZoneOffsets, after: number, policy: DstPolicy): number | null {
  // The last two days of the Date range are "never" (a run there may lie past its end).
  if (!(after >= -MAX_EPOCH_MS && after < MAX_EPOCH_MS - 2 * MS_PER_DAY)) return null;
  const fixedOffset = zone._fixedOffset;
  if (fixedOffset !== null) {
    const local = nextLocal(p, Math.floor((after + fixedOffset) / 1000) * 1000 + 1000);
    return local === null ? null : within(local - fixedOffset);
  }
  const offset = zone._offsetAt(after);
  const wall = Math.floor((after + offset) / 1000) * 1000;
  const first = walk(p, zone, policy, wall + 1000, after);
  // When `after` is in the first pass of a repeated time (the clock goes back by `drop` within
  // `drop`), runs in the second pass at wall times before `after`'s are still ahead: search
  // from the change too.
  const drop = offset - zone._offsetAt(after + MAX_SHIFT);
  if (p._fixed || drop <= 0 || zone._offsetAt(after + drop) === offset) return first;
  const change = zone._transitionAfter(after, after + drop);
  if (first !== null && first < change) return first;
  const second = walk(p, zone, policy, change + zone._offsetAt(change), change - 1);
  return first === null || (second !== null && second < first) ? second : first;
}

/** Instants past what a `Date` holds are "never". */
function within(instant: number): number | null {
  return Math.abs(instant) <= MAX_EPOCH_MS ? instant : null;
}

/**
 * Walks matching wall times from local `from` and returns the first run after `after` that one
 * of them gives, per the DST rule above.
 */
function walk(p: CronPattern, zone: ZoneOffsets, policy: DstPolicy, from: number, after: number): number | null {
  const lastYear = yearOf(from) + MAX_YEARS;
  for (let at = from; ; ) {
    const local = nextLocal(p, at, lastYear);
    // A wall time may lie up to a day past the range's ends; `within` checks the instants.
    if (local === null || local > MAX_EPOCH_MS + MS_PER_DAY) return null;
    at = local + 1000;
    const before = zone._offsetAt(local - MS_PER_DAY);
    const later = zone._offsetAt(local + MS_PER_DAY);
    if (before === later && zone._offsetAt(local - before) === before) {
      // The common case: one offset all around, one instant.
      if (local - before > after) return within(local - before);
      continue;
    }
    let earliest = Infinity;
    let best = Infinity;
    let lo = Infinity;
    let hi = -Infinity;
    for (const offset of [before, later, zone._offsetAt(local)]) {
      const instant = local - offset;
      lo = Math.min(lo, instant);
      hi = Math.max(hi, instant);
      if (zone._offsetAt(instant) !== offset) continue;
      earliest = Math.min(earliest, instant);
      if (instant > after) best = Math.min(best, instant);
    }
    if (earliest < Infinity) {
      // Happens once or twice; a fixed time runs only at its first occurrence.
      const run = p._fixed ? earliest : best;
      if (run > after && run < Infinity) return within(run);
      continue;
    }
    // In a gap: it ends at the change inside (lo, hi].
    const end = zone._transitionAfter(lo, hi);
    const endLocal = end + zone._offsetAt(end);
    if (p._fixed && policy === "shift" && end > after) {
      if (Math.floor(endLocal / MS_PER_DAY) === Math.floor(local / MS_PER_DAY)) return within(end);
      // A gap across midnight: this day's times are dropped, the next day's may still shift.
      continue;
    }
    // Nothing else in the gap can run.
    at = Math.max(at, endLocal);
  }
}
