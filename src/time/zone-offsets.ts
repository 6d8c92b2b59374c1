import { daysFromCivil, MAX_EPOCH_MS, MS_PER_DAY, MS_PER_HOUR } from "./civil.ts";

/**
 * Longer than any clock change in the zone data: the cron engine looks this far ahead for a
 * fall-back that repeats the current wall time. The record (tzdata 2025c, scanned 1800-2100 by
 * test/time/clock-changes.test.ts) is 24 h both ways: back in Alaska on 1867-10-19
 * (America/Sitka, Juneau, Adak...: the date line moved), Pacific/Apia 1892-07-04 and
 * Pacific/Rarotonga 1899-12-25; forward in Asia/Manila 1844-12-31, Pacific/Kwajalein
 * 1993-08-21 and Pacific/Apia 2011-12-30 (a skipped day). Since 1900 the largest step back is
 * Pacific/Kwajalein's 23 h on 1969-09-30, then Antarctica/Vostok's 7 h on 1994-01-31. 30 h
 * leaves room for a +14 -> -11 move (25 h); the test fails if the data ever exceeds it.
 */
export const MAX_CLOCK_CHANGE_MS = 30 * MS_PER_HOUR;

/**
 * A zone's UTC offset at any instant, read from `Intl` and cached, so the thousandth
 * conversion near the same time costs two Map lookups instead of a `formatToParts` call.
 *
 * The cache holds the offset at the start of each hour (UTC) that has been asked about.
 * When an hour starts and ends with the same offset the whole hour has it (two changes of one
 * zone are never that close: the shortest gap is 7 days, America/Boa_Vista 2000-10-08 to
 * 10-15; test/time/clock-changes.test.ts pins it above 2 days); when they differ, the
 * transition instant is found once by bisection and remembered, so instants on either side of
 * it stay exact.
 */
export class ZoneOffsets {
  declare readonly timeZone: string;
  readonly #format: Intl.DateTimeFormat | null;
  readonly #fixed: number | null;
  /** Hour index -> offset (ms) at the start of that hour. Bounded, oldest evicted first. */
  readonly #starts = new Map<number, number>();
  /** The instant the offset changes, for hours that contain a change. */
  readonly #transitions = new Map<number, number>();
  // The hour looked at last: most calls in a batch land in the same hour.
  #lastHour = NaN;
  #lastBefore = 0;
  #lastAfter = 0;
  #lastTransition = Infinity;

  constructor(timeZone: string, format: Intl.DateTimeFormat | null, fixed: number | null) {
    this.timeZone = timeZone;
    this.#format = format;
    this.#fixed = fixed;
  }

  /** The offset (ms) when the zone never changes it (UTC, Etc/GMT+5), else `null`. */
  get _fixedOffset(): number | null {
    return this.#fixed;
  }

  /** The zone's offset from UTC (ms, east positive) at `epochMs`: local = epochMs + offset. */
  _offsetAt(epochMs: number): number {
    if (this.#fixed !== null) return this.#fixed;
    const hour = Math.floor(epochMs / MS_PER_HOUR);
    if (hour !== this.#lastHour) this.#loadHour(hour);
    return epochMs < this.#lastTransition ? this.#lastBefore : this.#lastAfter;
  }

  /**
   * The first instant in (lo, hi] whose offset differs from the offset at `lo`, or `hi` when
   * there is none. Used for the end of a DST gap.
   */
  _transitionAfter(lo: number, hi: number): number {
    // Bisection ends only on finite bounds (this is false for NaN and infinities).
    if (!(hi - lo < 2 ** 53)) return hi;
    const before = this._offsetAt(lo);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this._offsetAt(mid) === before) lo = mid;
      else hi = mid;
    }
    return hi;
  }

  #loadHour(hour: number): void {
    const start = hour * MS_PER_HOUR;
    const before = this.#startOffset(hour);
    const after = this.#startOffset(hour + 1);
    let transition = Infinity;
    const known = before !== after ? this.#transitions.get(hour) : undefined;
    if (known !== undefined) transition = known;
    else if (before !== after) {
      // Offsets change on whole seconds; bisect over seconds with Intl itself (once per hour:
      // a search that crosses the change reloads this hour many times).
      let lo = start / 1000;
      let hi = lo + MS_PER_HOUR / 1000;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (this.#intlOffset(mid * 1000) === before) lo = mid;
        else hi = mid;
      }
      transition = hi * 1000;
      if (this.#transitions.size >= MAX_CACHED_HOURS) this.#transitions.clear();
      this.#transitions.set(hour, transition);
    }
    this.#lastHour = hour;
    this.#lastBefore = before;
    this.#lastAfter = after;
    this.#lastTransition = transition;
  }

  #startOffset(hour: number): number {
    const cached = this.#starts.get(hour);
    if (cached !== undefined) return cached;
    const offset = this.#intlOffset(hour * MS_PER_HOUR);
    if (this.#starts.size >= MAX_CACHED_HOURS) {
      const oldest = this.#starts.keys().next().value;
      if (oldest !== undefined) this.#starts.delete(oldest);
    }
    this.#starts.set(hour, offset);
    return offset;
  }

  /** Offset at a whole-second instant, straight from Intl. */
  #intlOffset(epochMs: number): number {
    const format = this.#format;
    if (format === null) return 0;
    // Past the range of Date (or NaN), keep the offset at the nearest end rather than throw.
    const at = epochMs < MAX_EPOCH_MS ? (epochMs > -MAX_EPOCH_MS ? epochMs : -MAX_EPOCH_MS) : MAX_EPOCH_MS;
    const p: Record<string, string> = {};
    for (const { type, value } of format.formatToParts(at)) p[type] = value;
    const year = Number(p["year"]);
    // Wall-clock fields read as if they were UTC, in ms. Plain arithmetic, not `Date`: near the
    // ends of the Date range a local time can lie past them (+14:00 at the last instant).
    // Some engines print hour 24 for midnight.
    const local = daysFromCivil(p["era"]?.startsWith("B") ? 1 - year : year, Number(p["month"]), Number(p["day"])) * MS_PER_DAY
      + ((Number(p["hour"]) % 24 * 60 + Number(p["minute"])) * 60 + Number(p["second"])) * 1000;
    return local - Math.floor(at / 1000) * 1000;
  }
}

/** At most this many hour starts are kept per zone (about 170 days' worth). */
const MAX_CACHED_HOURS = 4096;


/**
 * Longer than any zone name (the longest IANA name, America/Argentina/ComodRivadavia, has 32
 * characters): longer names are unknown without asking Intl, so a huge string is never kept.
 */
export const MAX_ZONE_NAME_LENGTH = 64;
/** Zones kept at most. */
const MAX_CACHED_ZONES = 512;

/** Known zones only: an unknown name costs a failed Intl lookup each time but holds nothing. */
const zones = new Map<string, ZoneOffsets>();

/**
 * The cached {@link ZoneOffsets} for an IANA zone name, or `null` when the runtime does not
 * know the zone (or the name is longer than {@link MAX_ZONE_NAME_LENGTH}). One
 * `Intl.DateTimeFormat` per zone name.
 */
export function zoneOffsets(timeZone: unknown): ZoneOffsets | null {
  if (typeof timeZone !== "string" || timeZone === "" || timeZone.length > MAX_ZONE_NAME_LENGTH) return null;
  const cached = zones.get(timeZone);
  if (cached !== undefined) return cached;
  const zone = createZone(timeZone);
  if (zone === null) return null;
  // Rarely reached (hundreds of spellings of zones): start afresh; jobs keep their own objects.
  if (zones.size >= MAX_CACHED_ZONES) zones.clear();
  zones.set(timeZone, zone);
  return zone;
}

/** How many zones are cached now; for tests. */
export function cachedZoneCount(): number {
  return zones.size;
}

function createZone(timeZone: string): ZoneOffsets | null {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US-u-ca-gregory-nu-latn", {
      timeZone,
      hourCycle: "h23",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  } catch {
    return null;
  }
  const fixed = fixedOffset(format.resolvedOptions().timeZone);
  return new ZoneOffsets(timeZone, fixed === null ? format : null, fixed);
}

/** Offset (ms) of zones that never change it, recognised by name; `null` for the others. */
function fixedOffset(resolved: string): number | null {
  if (resolved === "UTC" || resolved === "Etc/UTC" || resolved === "Etc/GMT" || resolved === "GMT") return 0;
  // POSIX-style names are inverted: Etc/GMT+5 is five hours behind UTC.
  const etc = /^Etc\/GMT([+-])(\d{1,2})$/.exec(resolved);
  if (etc !== null) return (etc[1] === "+" ? -1 : 1) * Number(etc[2]) * MS_PER_HOUR;
  // Offset zones ("+05:30"), where the runtime supports them (ES2024).
  const offset = /^([+-])(\d{2}):?(\d{2})$/.exec(resolved);
  if (offset !== null) return (offset[1] === "+" ? 1 : -1) * (Number(offset[2]) * 60 + Number(offset[3])) * 60_000;
  return null;
}
