// The cron engine at the ends of the Date range (+-8.64e15 ms): a run, or null ("never"), never
// NaN, an Invalid Date or a search that does not end.
import { describe, expect, it } from "vitest";
import { nextRun } from "../../src/cron/next.ts";
import { parseCron } from "../../src/cron/parse.ts";
import { zoneOffsets } from "../../src/time/zone-offsets.ts";

const MAX = 8.64e15;
const DAY = 86_400_000;
const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());
const next = (pattern: string, zone: string, after: number) => nextRun(parseCron(pattern, false), zoneOffsets(zone)!, after, "shift");

describe("cron runs near the ends of the Date range", () => {
  it("every pattern, zone and start near the ends gives a valid later instant or null", () => {
    const patterns = ["* * * * *", "0 0 1 1 *", "0 0 29 2 *", "30 2 * * *", "0 0 13 9 *", "0 0 * * 5#5", "0 0 31 2,4 *,1"];
    const zones = ["UTC", "America/New_York", "Pacific/Kiritimati", "Etc/GMT+12", "America/Juneau", "Pacific/Apia"];
    const afters = [MAX - 1, MAX - DAY, MAX - 2 * DAY - 1, MAX - 3 * DAY, MAX - 400 * DAY, MAX, MAX + 1, 2 ** 53, 1e308,
      Number.POSITIVE_INFINITY, Number.NaN, -MAX, -MAX + 1, -MAX - 1, -MAX + 3 * DAY, Number.NEGATIVE_INFINITY];
    let runs = 0;
    for (const zone of zones) {
      for (const pattern of patterns) {
        for (const after of afters) {
          for (const policy of ["shift", "skip"] as const) {
            const run = nextRun(parseCron(pattern, false), zoneOffsets(zone)!, after, policy);
            if (run === null) continue;
            runs++;
            expect(Number.isInteger(run) && run > after && run <= MAX, `${pattern} ${zone} ${after}: ${run}`).toBe(true);
            expect(Number.isNaN(new Date(run).getTime())).toBe(false);
          }
        }
      }
    }
    expect(runs).toBeGreaterThan(200);
  });

  it("after the last instant, or within its last two days: null", () => {
    for (const zone of ["UTC", "America/New_York", "Pacific/Kiritimati"]) {
      expect(next("* * * * *", zone, MAX - 1)).toBeNull();
      expect(next("* * * * *", zone, MAX)).toBeNull();
      expect(next("* * * * *", zone, MAX - 2 * DAY)).toBeNull();
      expect(next("* * * * *", zone, 1e308)).toBeNull();
    }
    expect(iso(next("* * * * *", "UTC", MAX - 3 * DAY))).toBe("+275760-09-10T00:01:00.000Z");
    expect(iso(next("0 0 13 9 *", "UTC", MAX - 3 * DAY))).toBe("+275760-09-13T00:00:00.000Z");
    expect(iso(next("0 0 13 9 *", "Pacific/Kiritimati", MAX - 3 * DAY))).toBe("+275760-09-12T10:00:00.000Z");
  });

  it("from the first instant: the next run, also where local time lies before the range (New York's LMT, -04:56:02)", () => {
    expect(iso(next("* * * * *", "UTC", -MAX))).toBe("-271821-04-20T00:01:00.000Z");
    expect(iso(next("* * * * *", "America/New_York", -MAX))).toBe("-271821-04-20T00:00:02.000Z");
    expect(iso(next("0 0 1 1 *", "America/New_York", -MAX))).toBe("-271820-01-01T04:56:02.000Z");
    expect(iso(next("0 0 1 1 *", "America/Juneau", -MAX))).toBe("-271821-12-31T08:57:41.000Z");
    expect(next("* * * * *", "UTC", -MAX - 1)).toBeNull();
    expect(next("* * * * *", "UTC", Number.NEGATIVE_INFINITY)).toBeNull();
  });
});
