// What the zone maths assumes about clock changes, checked against every zone the runtime knows:
// the largest change is below MAX_CLOCK_CHANGE_MS (the cron engine's look-ahead for a fall-back),
// every offset is within a day (localToEpoch brackets with the offsets a day either side), and
// two changes of one zone are never closer than that look-ahead (so it sees at most one).
import { describe, expect, it } from "vitest";
import { MAX_CLOCK_CHANGE_MS } from "../../src/time/zone-offsets.ts";
import { type Transition, offsetReader, transitions } from "./zone-transitions.ts";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const FROM = Date.UTC(1800, 0, 1);
const TO = Date.UTC(2101, 0, 1);
// Shorter than any DST period, so a change and its reversal are never both inside one step.
const STEP = 30 * DAY;

const ZONES = Intl.supportedValuesOf("timeZone");
/** Every change of every zone, 1800-2100, each within a day of its real instant. */
const ALL: Transition[] = ZONES.flatMap((zone) => transitions(zone, FROM, TO, STEP));

const jump = (t: Transition): number => t.after - t.before;
const label = (t: Transition): string => `${t.zone} ${new Date(t.at).toISOString().slice(0, 10)} ${jump(t) / HOUR} h`;
const largest = (items: Transition[], by: (t: Transition) => number): Transition =>
  items.reduce((best, t) => (by(t) > by(best) ? t : best));

describe("clock changes in the runtime's zone data, 1800-2100", () => {
  it("the scan sees the changes it must: Vostok's 7 h back in 1994, Apia's skipped day in 2011", () => {
    const vostok = ALL.filter((t) => t.zone === "Antarctica/Vostok" && t.at > Date.UTC(1994, 0, 1) && t.at < Date.UTC(1995, 0, 1));
    expect(vostok.map(label)).toEqual(["Antarctica/Vostok 1994-02-01 -7 h", "Antarctica/Vostok 1994-11-01 7 h"]);
    const apia = ALL.filter((t) => t.zone === "Pacific/Apia" && t.at > Date.UTC(2011, 11, 1) && t.at < Date.UTC(2012, 0, 1));
    expect(apia.map(label)).toEqual(["Pacific/Apia 2011-12-31 24 h"]);
    expect(ALL.length).toBeGreaterThan(10_000);
  });

  it("no change, back or forward, reaches MAX_CLOCK_CHANGE_MS", () => {
    const back = largest(ALL, (t) => -jump(t));
    const forward = largest(ALL, jump);
    // The records the constant's comment names; a new record must be looked at, not absorbed.
    expect(-jump(back)).toBe(24 * HOUR);
    expect(jump(forward)).toBe(24 * HOUR);
    expect(label(largest(ALL.filter((t) => t.at >= Date.UTC(1900, 0, 1)), (t) => -jump(t)))).toBe("Pacific/Kwajalein 1969-10-01 -23 h");
    expect(Math.max(-jump(back), jump(forward))).toBeLessThan(MAX_CLOCK_CHANGE_MS);
  });

  it("every offset is within a day of UTC", () => {
    const offsets = ALL.flatMap((t) => [t.before, t.after]).concat(ZONES.map((zone) => offsetReader(zone)(TO)));
    expect(Math.max(...offsets.map(Math.abs))).toBeLessThan(DAY - 6 * HOUR);
  });

  it("two changes of one zone are never within MAX_CLOCK_CHANGE_MS (nor within the two days localToEpoch brackets)", () => {
    let shortest = Number.POSITIVE_INFINITY;
    let where = "";
    for (let i = 1; i < ALL.length; i++) {
      const [prev, t] = [ALL[i - 1] as Transition, ALL[i] as Transition];
      // Each instant is known to within a day, so the real gap may be a day shorter.
      if (prev.zone === t.zone && t.at - prev.at - DAY < shortest) [shortest, where] = [t.at - prev.at - DAY, label(t)];
    }
    expect(shortest, where).toBeGreaterThan(Math.max(MAX_CLOCK_CHANGE_MS, 2 * DAY));
  });
});
