// What the zone cache holds: known zones only, a bounded number of them, and never a long name.
import { afterEach, describe, expect, it, vi } from "vitest";
import { SchedulerError } from "../../src/errors.ts";
import { cachedZoneCount, MAX_ZONE_NAME_LENGTH, zoneOffsets } from "../../src/time/zone-offsets.ts";
import { isValidTimeZone, requireZone } from "../../src/time/zoned.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

/** Every way of upper-casing some letters of `name`, up to `count` of them: Intl knows them all. */
function caseVariants(name: string, count: number): string[] {
  const letters = [...name].flatMap((c, i) => (/[a-z]/i.test(c) ? [i] : []));
  return Array.from({ length: count }, (_, n) => {
    const chars = [...name.toLowerCase()];
    letters.forEach((at, bit) => {
      if ((n >> bit) & 1) chars[at] = (chars[at] as string).toUpperCase();
    });
    return chars.join("");
  });
}

describe("the zone cache", () => {
  it("200 distinct 1 MB names are unknown without asking Intl, and none is kept", () => {
    const before = cachedZoneCount();
    const intl = vi.spyOn(Intl, "DateTimeFormat");
    for (let i = 0; i < 200; i++) {
      const name = `Europe/${String(i).padStart(3, "0")}${"x".repeat(1_000_000)}`;
      expect(isValidTimeZone(name)).toBe(false);
    }
    expect(intl).not.toHaveBeenCalled();
    expect(cachedZoneCount()).toBe(before);
  });

  it("a name one character over the bound is refused; the longest IANA name is well within it", () => {
    expect(isValidTimeZone("America/Argentina/ComodRivadavia")).toBe(true);
    const padded = `Europe/Berlin${" ".repeat(MAX_ZONE_NAME_LENGTH - 12)}`;
    expect(padded.length).toBe(MAX_ZONE_NAME_LENGTH + 1);
    const intl = vi.spyOn(Intl, "DateTimeFormat");
    expect(zoneOffsets(padded)).toBeNull();
    expect(intl).not.toHaveBeenCalled();
  });

  it("unknown short names are answered every time but not remembered", () => {
    const before = cachedZoneCount();
    for (let i = 0; i < 1_000; i++) expect(isValidTimeZone(`Mars/Crater_${i}`)).toBe(false);
    expect(cachedZoneCount()).toBe(before);
    expect(isValidTimeZone("Mars/Crater_1")).toBe(false);
  });

  it("holds at most 512 known zones (600 spellings of one zone), and still answers right", () => {
    const names = caseVariants("America/Argentina/ComodRivadavia", 600);
    expect(new Set(names).size).toBe(600);
    let most = 0;
    for (const name of names) {
      expect(isValidTimeZone(name)).toBe(true);
      most = Math.max(most, cachedZoneCount());
    }
    expect(most).toBe(512);
    // The dropped first spelling is created again, with the right offset (-03:00 in 2026).
    expect(zoneOffsets(names[0] as string)?._offsetAt(Date.UTC(2026, 0, 1))).toBe(-3 * 3_600_000);
    expect(cachedZoneCount()).toBeLessThanOrEqual(512);
  });

  it("the error for a 1 MB zone name is short and names the code", () => {
    let error: unknown;
    try {
      requireZone(`Nowhere/${"y".repeat(1_000_000)}`);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SchedulerError);
    expect((error as SchedulerError).code).toBe("WithLocationInvalid");
    expect((error as SchedulerError).message.length).toBeLessThan(200);
    expect((error as SchedulerError).message).toContain('"Nowhere/yyyy');
  });
});
