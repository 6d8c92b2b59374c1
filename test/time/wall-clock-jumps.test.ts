// Daily jobs (the search behind daily, weekly and monthly) through clock changes of many hours:
// a time that happens twice runs at its first occurrence, a day that is skipped has no run.
import { describe, expect, it } from "vitest";
import { atTime } from "../../src/definitions/at-time.ts";
import { dailyJob } from "../../src/definitions/daily.ts";
import { compile, runs } from "../definitions/helpers.ts";

const daily = (hours: number, minutes: number, zone: string, from: string, count: number) =>
  runs(compile(dailyJob(1, [atTime(hours, minutes)]), zone, from), from, count);

describe("daily jobs through clock changes of many hours", () => {
  it("Antarctica/Vostok, 7 h back on 1994-01-31 at 17:00Z", () => {
    // 17:30 first happened at 10:30Z, before the start: the next is the next day's.
    expect(daily(17, 30, "Antarctica/Vostok", "1994-01-31T11:00:00Z", 2)).toEqual(["1994-02-01T17:30:00Z", "1994-02-02T17:30:00Z"]);
    // 20:00 +07 is still ahead (13:00Z); its repeat at 20:00Z does not run.
    expect(daily(20, 0, "Antarctica/Vostok", "1994-01-31T11:00:00Z", 2)).toEqual(["1994-01-31T13:00:00Z", "1994-02-01T20:00:00Z"]);
  });

  it("America/Juneau, 24 h back on 1867-10-19: 10-19 12:00 first happened on 10-18 (+15:02:19)", () => {
    expect(daily(12, 0, "America/Juneau", "1867-10-17T00:00:00Z", 3)).toEqual(["1867-10-17T20:57:41Z", "1867-10-18T20:57:41Z", "1867-10-20T20:57:41Z"]);
  });

  it("a skipped day has no run: Pacific/Apia 2011-12-30, Pacific/Kwajalein 1993-08-21", () => {
    expect(daily(12, 0, "Pacific/Apia", "2011-12-29T00:00:00Z", 2)).toEqual(["2011-12-29T22:00:00Z", "2011-12-30T22:00:00Z"]);
    expect(daily(12, 0, "Pacific/Kwajalein", "1993-08-20T00:00:00Z", 2)).toEqual(["1993-08-21T00:00:00Z", "1993-08-22T00:00:00Z"]);
  });
});
