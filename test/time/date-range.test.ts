// Zone maths at the ends of the Date range (+-8.64e15 ms): finite offsets and exact wall times,
// never NaN, and no search that does not end.
import { describe, expect, it } from "vitest";
import { zoneOffsets } from "../../src/time/zone-offsets.ts";
import { fromWallClock, localToEpoch, wallClock } from "../../src/time/zoned.ts";

const MAX = 8.64e15;
const HOUR = 3_600_000;
const LMT_NEW_YORK = -(4 * 3600 + 56 * 60 + 2) * 1000;

describe("zone offsets at and past the ends of the Date range", () => {
  it("are the offsets at the ends (LMT before the range's start, today's rules at its end), not NaN", () => {
    const ny = zoneOffsets("America/New_York")!;
    expect(ny._offsetAt(-MAX)).toBe(LMT_NEW_YORK);
    expect(ny._offsetAt(-MAX + HOUR)).toBe(LMT_NEW_YORK);
    expect(ny._offsetAt(MAX)).toBe(-4 * HOUR);
    expect(zoneOffsets("Pacific/Kiritimati")!._offsetAt(MAX)).toBe(14 * HOUR);
    for (const at of [-MAX - 1, MAX + 1, 2 ** 53, 1e308, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN]) {
      expect(Number.isFinite(ny._offsetAt(at)), String(at)).toBe(true);
    }
  });

  it("a transition search over unbounded ends returns at once", () => {
    const ny = zoneOffsets("America/New_York")!;
    expect(ny._transitionAfter(0, Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(ny._transitionAfter(Number.NaN, 0))).toBe(false);
  });

  it("wall clocks at the first and last instants", () => {
    expect(wallClock(-MAX, "America/New_York")).toEqual({ year: -271821, month: 4, day: 19, hour: 19, minute: 3, second: 58, weekday: 1 });
    expect(wallClock(MAX, "Pacific/Kiritimati")).toEqual({ year: 275760, month: 9, day: 13, hour: 14, minute: 0, second: 0, weekday: 6 });
  });

  it("local times at the ends: the instant, or null past what a Date holds", () => {
    expect(fromWallClock(-271821, 9, 12, 0, 0, 0, "America/New_York", "shift")).toBe(Date.UTC(-271821, 8, 12) - LMT_NEW_YORK);
    expect(fromWallClock(275760, 9, 1, 0, 0, 0, "UTC", "shift")).toBe(MAX - 12 * 86_400_000);
    expect(fromWallClock(275760, 9, 13, 0, 0, 0, "UTC", "shift")).toBeNull();
    expect(fromWallClock(275761, 1, 1, 0, 0, 0, "UTC", "shift")).toBeNull();
    const ny = zoneOffsets("America/New_York")!;
    for (const local of [MAX, -MAX, 1e308, Number.NaN, Number.POSITIVE_INFINITY]) expect(localToEpoch(ny, local, "shift")).toBeNull();
  });
});
