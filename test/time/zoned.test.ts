import { afterEach, describe, expect, it, vi } from "vitest";
import { SchedulerError } from "../../src/errors.ts";
import { fromWallClock, isValidTimeZone, localTimeZone, wallClock, type WallClock } from "../../src/time/zoned.ts";

const NY = "America/New_York";
const BERLIN = "Europe/Berlin";
const LORD_HOWE = "Australia/Lord_Howe";
const utc = (iso: string): number => Date.parse(iso);

/** An independent reading of the wall clock: a fresh formatter, no cache. */
function intlWallClock(epochMs: number, timeZone: string): Omit<WallClock, "weekday"> {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
    hour: "numeric", minute: "numeric", second: "numeric",
  }).formatToParts(epochMs);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour") % 24, minute: get("minute"), second: get("second") };
}

/** A small deterministic PRNG, so a failure is reproducible. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ZONES = [NY, BERLIN, LORD_HOWE, "UTC", "Etc/GMT+5", "Asia/Kolkata", "America/St_Johns", "Pacific/Chatham", "Africa/Casablanca", "America/Santiago", "Asia/Tehran"];

afterEach(() => {
  vi.restoreAllMocks();
});

describe("wallClock", () => {
  it("matches Intl for 3,000 random instants across 11 zones, in random order", () => {
    const random = prng(42);
    const from = utc("1990-01-01T00:00:00Z");
    const span = utc("2040-01-01T00:00:00Z") - from;
    const mismatches: string[] = [];
    for (let i = 0; i < 3_000; i++) {
      const zone = ZONES[i % ZONES.length] as string;
      const t = from + Math.floor(random() * span);
      const { weekday, ...fields } = wallClock(t, zone);
      const expected = intlWallClock(t, zone);
      if (JSON.stringify(fields) !== JSON.stringify(expected)) mismatches.push(`${zone} ${new Date(t).toISOString()}`);
      expect(weekday).toBe(new Date(Date.UTC(fields.year, fields.month - 1, fields.day)).getUTCDay());
    }
    expect(mismatches).toEqual([]);
  });

  it("is exact on both sides of a transition, to the millisecond", () => {
    const cases: [string, string, number, string][] = [
      // zone, transition instant, local hour:minute just before, and at the transition
      [NY, "2026-03-08T07:00:00Z", 1.5999, "03:00"],
      [NY, "2026-11-01T06:00:00Z", 1.5999, "01:00"],
      [BERLIN, "2026-03-29T01:00:00Z", 1.5999, "03:00"],
      [BERLIN, "2026-10-25T01:00:00Z", 2.5999, "02:00"],
      [LORD_HOWE, "2026-10-03T15:30:00Z", 1.5999, "02:30"],
      [LORD_HOWE, "2026-04-04T15:00:00Z", 1.5999, "01:30"],
    ];
    for (const [zone, iso, , atTransition] of cases) {
      const t = utc(iso);
      // Ask the later instant first, so the cache is filled out of order.
      const after = wallClock(t, zone);
      const before = wallClock(t - 1, zone);
      expect(`${String(after.hour).padStart(2, "0")}:${String(after.minute).padStart(2, "0")}`).toBe(atTransition);
      expect([before.minute, before.second]).toEqual([59, 59]);
    }
    expect(wallClock(utc("2026-03-08T06:59:59.999Z"), NY)).toMatchObject({ hour: 1, minute: 59, second: 59 });
    expect(wallClock(utc("2026-10-03T15:29:59Z"), LORD_HOWE)).toMatchObject({ day: 4, hour: 1, minute: 59, second: 59 });
  });

  it("reads leap days and weekdays", () => {
    expect(wallClock(utc("2028-02-29T12:00:00Z"), "UTC")).toEqual({ year: 2028, month: 2, day: 29, hour: 12, minute: 0, second: 0, weekday: 2 });
    expect(wallClock(utc("2026-03-08T07:00:00Z"), NY)).toEqual({ year: 2026, month: 3, day: 8, hour: 3, minute: 0, second: 0, weekday: 0 });
  });

  it("rejects an unknown zone with WithLocationInvalid", () => {
    expect(() => wallClock(0, "Mars/Olympus_Mons")).toThrow(expect.objectContaining({ code: "WithLocationInvalid" }));
  });

  it("calls Intl once per hour touched, not once per conversion", () => {
    const spy = vi.spyOn(Intl.DateTimeFormat.prototype, "formatToParts");
    const zone = "America/Chicago";
    const start = utc("2031-06-01T00:00:00Z");
    for (let i = 0; i < 20_000; i++) wallClock(start + (i % 3_600) * 1_000, zone);
    // One formatter per zone (created lazily) plus the two hour starts: far fewer than 20,000.
    expect(spy.mock.calls.length).toBeLessThanOrEqual(4);
  });
});

describe("fromWallClock", () => {
  it("converts ordinary times", () => {
    expect(fromWallClock(2026, 7, 1, 9, 30, 0, NY, "shift")).toBe(utc("2026-07-01T13:30:00Z"));
    expect(fromWallClock(2026, 1, 15, 9, 30, 15, BERLIN, "skip")).toBe(utc("2026-01-15T08:30:15Z"));
    expect(fromWallClock(2026, 1, 15, 9, 30, 0, "Asia/Kolkata", "shift")).toBe(utc("2026-01-15T04:00:00Z"));
    expect(fromWallClock(2028, 2, 29, 0, 0, 0, "UTC", "shift")).toBe(utc("2028-02-29T00:00:00Z"));
  });

  it("moves a time in a spring-forward gap to the end of the gap, or skips it", () => {
    const gaps: [string, number[], string][] = [
      [NY, [2026, 3, 8, 2, 30, 0], "2026-03-08T07:00:00Z"],
      [NY, [2026, 3, 8, 2, 0, 0], "2026-03-08T07:00:00Z"],
      [NY, [2026, 3, 8, 2, 59, 59], "2026-03-08T07:00:00Z"],
      [BERLIN, [2026, 3, 29, 2, 30, 0], "2026-03-29T01:00:00Z"],
      [LORD_HOWE, [2026, 10, 4, 2, 15, 0], "2026-10-03T15:30:00Z"],
    ];
    for (const [zone, [y, mo, d, h, mi, s], iso] of gaps) {
      expect(fromWallClock(y!, mo!, d!, h!, mi!, s!, zone, "shift")).toBe(utc(iso));
      expect(fromWallClock(y!, mo!, d!, h!, mi!, s!, zone, "skip")).toBeNull();
    }
    // The edges of the gap exist.
    expect(fromWallClock(2026, 3, 8, 1, 59, 59, NY, "skip")).toBe(utc("2026-03-08T06:59:59Z"));
    expect(fromWallClock(2026, 3, 8, 3, 0, 0, NY, "skip")).toBe(utc("2026-03-08T07:00:00Z"));
    expect(fromWallClock(2026, 10, 4, 2, 30, 0, LORD_HOWE, "skip")).toBe(utc("2026-10-03T15:30:00Z"));
  });

  it("gives the first occurrence of a time that happens twice, under both policies", () => {
    for (const policy of ["shift", "skip"] as const) {
      expect(fromWallClock(2026, 11, 1, 1, 30, 0, NY, policy)).toBe(utc("2026-11-01T05:30:00Z"));
      expect(fromWallClock(2026, 11, 1, 1, 0, 0, NY, policy)).toBe(utc("2026-11-01T05:00:00Z"));
      expect(fromWallClock(2026, 10, 25, 2, 30, 0, BERLIN, policy)).toBe(utc("2026-10-25T00:30:00Z"));
      expect(fromWallClock(2026, 4, 5, 1, 45, 0, LORD_HOWE, policy)).toBe(utc("2026-04-04T14:45:00Z"));
    }
    // Just outside the repeated hour there is one instant.
    expect(fromWallClock(2026, 11, 1, 2, 0, 0, NY, "shift")).toBe(utc("2026-11-01T07:00:00Z"));
    expect(fromWallClock(2026, 11, 1, 0, 59, 59, NY, "shift")).toBe(utc("2026-11-01T04:59:59Z"));
    expect(fromWallClock(2026, 4, 5, 2, 0, 0, LORD_HOWE, "shift")).toBe(utc("2026-04-04T15:30:00Z"));
  });

  it("round-trips with wallClock (a repeated time maps to its first occurrence)", () => {
    const random = prng(7);
    const from = utc("2000-01-01T00:00:00Z");
    const span = utc("2035-01-01T00:00:00Z") - from;
    let secondPasses = 0;
    for (let i = 0; i < 3_000; i++) {
      const zone = ZONES[i % ZONES.length] as string;
      const t = Math.floor((from + random() * span) / 1_000) * 1_000;
      const w = wallClock(t, zone);
      const back = fromWallClock(w.year, w.month, w.day, w.hour, w.minute, w.second, zone, "skip");
      if (back !== t) {
        // Only the second pass of a repeated hour may map elsewhere: to an earlier instant
        // showing the same wall time.
        expect(back).not.toBeNull();
        expect(back!).toBeLessThan(t);
        expect(wallClock(back!, zone)).toEqual(w);
        secondPasses++;
      }
    }
    expect(secondPasses).toBeLessThan(10);
    // And the second pass of New York's repeated hour, explicitly.
    const secondPass = utc("2026-11-01T06:30:00Z");
    const w = wallClock(secondPass, NY);
    expect(fromWallClock(w.year, w.month, w.day, w.hour, w.minute, w.second, NY, "shift")).toBe(utc("2026-11-01T05:30:00Z"));
  });

  it("normalises overflowing fields like Date.UTC", () => {
    expect(fromWallClock(2026, 1, 32, 9, 0, 0, "UTC", "shift")).toBe(utc("2026-02-01T09:00:00Z"));
    expect(fromWallClock(2026, 12, 31, 24, 0, 0, NY, "shift")).toBe(utc("2027-01-01T05:00:00Z"));
    expect(fromWallClock(2026, 13, 1, 0, 0, 0, "UTC", "shift")).toBe(utc("2027-01-01T00:00:00Z"));
  });

  it("rejects non-integer fields and unknown zones", () => {
    expect(() => fromWallClock(2026, 1, 1, 9.5, 0, 0, "UTC", "shift")).toThrow(SchedulerError);
    expect(() => fromWallClock(2026, 1, Number.NaN, 9, 0, 0, "UTC", "shift")).toThrow(expect.objectContaining({ code: "NewJobDefinitionInvalid" }));
    expect(() => fromWallClock(2026, 1, 1, 9, 0, 0, "Nowhere/Land", "shift")).toThrow(expect.objectContaining({ code: "WithLocationInvalid" }));
  });

  it("handles fixed-offset zones without DST", () => {
    expect(fromWallClock(2026, 3, 8, 2, 30, 0, "Etc/GMT+5", "skip")).toBe(utc("2026-03-08T07:30:00Z"));
    expect(wallClock(utc("2026-03-08T07:30:00Z"), "Etc/GMT-14")).toMatchObject({ day: 8, hour: 21, minute: 30 });
  });
});

describe("zone names", () => {
  it("knows which zones the runtime has", () => {
    expect(isValidTimeZone("Europe/Berlin")).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("utc")).toBe(true);
    expect(isValidTimeZone(LORD_HOWE)).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
    expect(isValidTimeZone(undefined as unknown as string)).toBe(false);
  });

  it("reports the runtime's zone, a valid one", () => {
    const zone = localTimeZone();
    expect(isValidTimeZone(zone)).toBe(true);
    expect(zone).toBe(new Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC");
  });

  it("falls back to UTC when Intl reports no zone", () => {
    vi.spyOn(Intl.DateTimeFormat.prototype, "resolvedOptions").mockReturnValue({ timeZone: undefined } as unknown as Intl.ResolvedDateTimeFormatOptions);
    expect(localTimeZone()).toBe("UTC");
  });
});
