import type { DstPolicy } from "../definitions/definition.ts";
import { bad } from "../check.ts";
import {
  daysFromCivil,
  MAX_EPOCH_MS,
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  MS_PER_SECOND,
  mod,
  civilFromDays,
  weekdayOfDays,
} from "./civil.ts";
import { type ZoneOffsets, zoneOffsets } from "./zone-offsets.ts";

/** A local date and time in some zone, to the second. */
export interface WallClock {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
  /** 0-23 */
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday, as `Date#getDay`. */
  weekday: number;
}

/** Whether the runtime's `Intl` knows the IANA zone name (e.g. `"Europe/Berlin"`, `"UTC"`). */
export function isValidTimeZone(timeZone: string): boolean {
  return zoneOffsets(timeZone) !== null;
}

/** The runtime's own zone, as `Intl` reports it; `"UTC"` when it reports none. */
export function localTimeZone(): string {
  try {
    const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zoneOffsets(zone) !== null) return zone;
  } catch {
    // Some embedded runtimes ship Intl without zone data.
  }
  return "UTC";
}

/** The zone's offset cache, or a `WithLocationInvalid` error naming the bad zone. */
export function requireZone(timeZone: unknown): ZoneOffsets {
  return zoneOffsets(timeZone) ?? bad("WithLocationInvalid", "timeZone", "an IANA zone this runtime knows", timeZone);
}

/** The wall clock in `timeZone` at an instant (seconds truncated, like a clock display). */
export function wallClock(epochMs: number, timeZone: string): WallClock {
  const zone = requireZone(timeZone);
  return wallClockOfLocal(epochMs + zone._offsetAt(epochMs));
}

/** Splits "local ms" (wall time read as if it were UTC) into fields. */
export function wallClockOfLocal(localMs: number): WallClock {
  const days = Math.floor(localMs / MS_PER_DAY);
  const { year, month, day } = civilFromDays(days);
  const msOfDay = localMs - days * MS_PER_DAY;
  return {
    year,
    month,
    day,
    hour: Math.floor(msOfDay / MS_PER_HOUR),
    minute: Math.floor(mod(msOfDay, MS_PER_HOUR) / MS_PER_MINUTE),
    second: Math.floor(mod(msOfDay, MS_PER_MINUTE) / MS_PER_SECOND),
    weekday: weekdayOfDays(days),
  };
}

/**
 * The instant of a local wall-clock time in `timeZone`.
 *
 * - A time that does not exist (spring forward): `"shift"` gives the first instant after the
 *   gap (02:30 on 2026-03-08 in America/New_York is 03:00 EDT, 2026-03-08T07:00:00Z);
 *   `"skip"` gives `null`.
 * - A time that happens twice (fall back) gives its first occurrence, under both policies.
 *
 * Fields must be integers. Out-of-range fields normalise as with `Date.UTC` (day 32 of
 * January is February 1st, hour 24 is midnight of the next day); years 0-99 are literal.
 *
 * @example fromWallClock(2026, 3, 8, 2, 30, 0, "America/New_York", "shift") // 1772953200000
 */
export function fromWallClock(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  timeZone: string,
  policy: DstPolicy,
): number | null {
  const fields = [year, month, day, hour, minute, second];
  if (!fields.every(Number.isInteger)) bad("NewJobDefinitionInvalid", "fromWallClock's fields", "integers", fields);
  const local =
    daysFromCivil(year, month, day) * MS_PER_DAY + hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second * MS_PER_SECOND;
  return localToEpoch(requireZone(timeZone), local, policy);
}

/**
 * The instant of "local ms" (wall time read as if it were UTC) in a zone, with the same DST
 * rule as {@link fromWallClock}. The hot path: a few cached offset lookups, no `Intl`.
 */
export function localToEpoch(zone: ZoneOffsets, local: number, policy: DstPolicy): number | null {
  if (!(Math.abs(local) < MAX_EPOCH_MS - 2 * MS_PER_DAY)) return null;
  // Every real offset is within +-1 day (at most 15:56, Asia/Manila's LMT) and changes are days
  // apart (test/time/clock-changes.test.ts), so the offsets a day either side bracket the answer.
  const before = zone._offsetAt(local - MS_PER_DAY);
  const after = zone._offsetAt(local + MS_PER_DAY);
  if (before === after) {
    const instant = local - before;
    if (zone._offsetAt(instant) === before) return instant;
  }
  let best: number | null = null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const offset of [before, after, zone._offsetAt(local)]) {
    const candidate = local - offset;
    lo = Math.min(lo, candidate);
    hi = Math.max(hi, candidate);
    // Valid when the zone really has this offset then; twice valid = repeated time, keep the first.
    if (zone._offsetAt(candidate) === offset && (best === null || candidate < best)) best = candidate;
  }
  if (best !== null) return best;
  // In a gap: no instant has this wall time. The gap ends at the transition inside (lo, hi].
  if (policy === "skip" || !(lo < hi)) return null;
  return zone._transitionAfter(lo, hi);
}
