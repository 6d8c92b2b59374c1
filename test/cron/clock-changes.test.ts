// Clock changes of many hours (a zone moving across the date line, a station changing its
// zone): a fall-back repeats up to a day of wall time, and the cron engine must look that far
// ahead for it. croner 11 is the oracle where it follows the DST rule; where it does not, the
// expected runs are spelled out and the difference is named.
import { describe, expect, it } from "vitest";
import { cronJob } from "../../src/definitions/cron.ts";
import { compile, runs, utc } from "../definitions/helpers.ts";
import { oracle, oracleNext } from "./oracle.ts";

const isocron = (pattern: string, zone: string, from: string, count: number) => runs(compile(cronJob(pattern), zone, from), from, count);

function croner(pattern: string, zone: string, from: string, count: number): string[] {
  const cron = oracle(pattern, zone, false);
  const out: string[] = [];
  let t: number | null = utc(from);
  for (let i = 0; i < count && t !== null; i++) {
    t = oracleNext(cron, t, "shift");
    if (t !== null) out.push(new Date(t).toISOString().replace(".000Z", "Z"));
  }
  return out;
}

describe("Antarctica/Vostok went back 7 hours on 1994-01-31 at 17:00Z (+07 -> +00)", () => {
  it("*/30 17 from 11:00Z, six hours before the change, runs at 17:00Z and 17:30Z (as croner)", () => {
    const expected = ["1994-01-31T17:00:00Z", "1994-01-31T17:30:00Z", "1994-02-01T17:00:00Z", "1994-02-01T17:30:00Z"];
    expect(isocron("*/30 17 * * *", "Antarctica/Vostok", "1994-01-31T11:00:00Z", 4)).toEqual(expected);
    expect(croner("*/30 17 * * *", "Antarctica/Vostok", "1994-01-31T11:00:00Z", 4)).toEqual(expected);
  });

  it("from the last second before the change, and from midnight: both passes of 17:xx", () => {
    expect(isocron("*/30 17 * * *", "Antarctica/Vostok", "1994-01-31T16:59:59Z", 2)).toEqual(["1994-01-31T17:00:00Z", "1994-01-31T17:30:00Z"]);
    expect(isocron("*/30 17 * * *", "Antarctica/Vostok", "1994-01-31T00:00:00Z", 5)).toEqual([
      "1994-01-31T10:00:00Z", "1994-01-31T10:30:00Z", "1994-01-31T17:00:00Z", "1994-01-31T17:30:00Z", "1994-02-01T17:00:00Z",
    ]);
  });

  it("a fixed 17:00 runs once, at its first occurrence (10:00Z), as croner", () => {
    const expected = ["1994-01-31T10:00:00Z", "1994-02-01T17:00:00Z"];
    expect(isocron("0 17 * * *", "Antarctica/Vostok", "1994-01-31T00:00:00Z", 2)).toEqual(expected);
    expect(croner("0 17 * * *", "Antarctica/Vostok", "1994-01-31T00:00:00Z", 2)).toEqual(expected);
  });
});

describe("Pacific/Kwajalein went back 23 hours on 1969-09-30 at 13:00Z (+11 -> -12)", () => {
  it("*/30 23 runs in both passes of 1969-09-30 23:xx; croner skips the first", () => {
    expect(isocron("*/30 23 * * *", "Pacific/Kwajalein", "1969-09-30T00:00:00Z", 4)).toEqual([
      "1969-09-30T12:00:00Z", "1969-09-30T12:30:00Z", "1969-10-01T11:00:00Z", "1969-10-01T11:30:00Z",
    ]);
    expect(croner("*/30 23 * * *", "Pacific/Kwajalein", "1969-09-30T00:00:00Z", 2)).toEqual(["1969-10-01T11:00:00Z", "1969-10-01T11:30:00Z"]);
  });

  it("asked 21.5 hours before the change, the second pass of 02:xx still comes", () => {
    // 1969-09-29T15:30Z is 09-30 02:30 +11; 09-30 02:00 -12 is 09-30T14:00Z.
    expect(isocron("*/30 2 * * *", "Pacific/Kwajalein", "1969-09-29T15:30:00Z", 3)).toEqual([
      "1969-09-30T14:00:00Z", "1969-09-30T14:30:00Z", "1969-10-01T14:00:00Z",
    ]);
    // A fixed 01:00 runs at its first occurrence only.
    expect(isocron("0 1 * * *", "Pacific/Kwajalein", "1969-09-29T13:00:00Z", 2)).toEqual(["1969-09-29T14:00:00Z", "1969-10-01T13:00:00Z"]);
  });
});

describe("Alaska went back 24 hours on 1867-10-19 at 00:31:13Z (Juneau +15:02:19 -> -08:57:41)", () => {
  it("every 6 hours: each repeated 6-hourly wall time runs twice; croner drops four of them", () => {
    expect(isocron("0 */6 * * *", "America/Juneau", "1867-10-18T00:00:00Z", 9)).toEqual([
      "1867-10-18T02:57:41Z", "1867-10-18T08:57:41Z", "1867-10-18T14:57:41Z", "1867-10-18T20:57:41Z",
      "1867-10-19T02:57:41Z", "1867-10-19T08:57:41Z", "1867-10-19T14:57:41Z", "1867-10-19T20:57:41Z", "1867-10-20T02:57:41Z",
    ]);
    expect(croner("0 */6 * * *", "America/Juneau", "1867-10-18T00:00:00Z", 4)).toEqual([
      "1867-10-18T02:57:41Z", "1867-10-18T08:57:41Z", "1867-10-19T14:57:41Z", "1867-10-19T20:57:41Z",
    ]);
  });

  it("a fixed 12:00 runs once per wall date, at its first occurrence; croner takes the second for 10-19", () => {
    expect(isocron("0 12 * * *", "America/Juneau", "1867-10-17T00:00:00Z", 3)).toEqual(["1867-10-17T20:57:41Z", "1867-10-18T20:57:41Z", "1867-10-20T20:57:41Z"]);
    expect(croner("0 12 * * *", "America/Juneau", "1867-10-17T00:00:00Z", 3)).toEqual(["1867-10-17T20:57:41Z", "1867-10-19T20:57:41Z", "1867-10-20T20:57:41Z"]);
  });
});

describe("a skipped day (24 hours forward)", () => {
  it("Pacific/Apia 2011-12-30 and Pacific/Kwajalein 1993-08-21: as croner", () => {
    for (const [pattern, zone, from] of [
      ["0 12 * * *", "Pacific/Apia", "2011-12-29T00:00:00Z"],
      ["0 * * * *", "Pacific/Apia", "2011-12-30T08:00:00Z"],
      ["0 12 * * *", "Pacific/Kwajalein", "1993-08-20T00:00:00Z"],
      ["*/20 11,12 * * *", "Pacific/Kwajalein", "1993-08-20T00:00:00Z"],
    ] as const) {
      expect(isocron(pattern, zone, from, 6)).toEqual(croner(pattern, zone, from, 6));
    }
    expect(isocron("0 12 * * *", "Pacific/Apia", "2011-12-29T00:00:00Z", 3)).toEqual(["2011-12-29T22:00:00Z", "2011-12-30T22:00:00Z", "2011-12-31T22:00:00Z"]);
  });
});
