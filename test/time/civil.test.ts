import { describe, expect, it } from "vitest";
import { civilFromDays, daysFromCivil, daysInMonth, weekdayOfDays } from "../../src/time/civil.ts";

const DAY = 86_400_000;

describe("civil calendar arithmetic", () => {
  it("agrees with Date for every day from 1600 to 2400", () => {
    const start = Math.floor(Date.UTC(1600, 0, 1) / DAY);
    const end = Math.floor(Date.UTC(2400, 11, 31) / DAY);
    let mismatches = 0;
    for (let days = start; days <= end; days++) {
      const date = new Date(days * DAY);
      const civil = civilFromDays(days);
      if (
        civil.year !== date.getUTCFullYear() ||
        civil.month !== date.getUTCMonth() + 1 ||
        civil.day !== date.getUTCDate() ||
        weekdayOfDays(days) !== date.getUTCDay() ||
        daysFromCivil(civil.year, civil.month, civil.day) !== days
      ) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it("normalises month and day overflow like Date.UTC", () => {
    expect(daysFromCivil(2026, 1, 32)).toBe(daysFromCivil(2026, 2, 1));
    expect(daysFromCivil(2026, 13, 1)).toBe(daysFromCivil(2027, 1, 1));
    expect(daysFromCivil(2026, 0, 1)).toBe(daysFromCivil(2025, 12, 1));
    expect(daysFromCivil(2028, 3, 0)).toBe(daysFromCivil(2028, 2, 29));
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
  });

  it("knows month lengths, leap years included", () => {
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(daysInMonth(2026, 12)).toBe(31);
  });
});
