import { describe, expect, it } from "vitest";
import { atTime } from "../../src/definitions/at-time.ts";
import { cronJob } from "../../src/definitions/cron.ts";
import { dailyJob } from "../../src/definitions/daily.ts";
import type { DstPolicy, JobDefinition } from "../../src/definitions/definition.ts";
import { monthlyJob } from "../../src/definitions/monthly.ts";
import { weeklyJob } from "../../src/definitions/weekly.ts";
import { compile, runs } from "./helpers.ts";

/**
 * One wall-clock time on a DST transition day, run through every family: cron (as a daily,
 * weekly and monthly pattern), daily, weekly and monthly. All must follow the same rule.
 */
interface Case {
  name: string;
  zone: string;
  /** Local time of day and the transition date (a Sunday). */
  hour: number;
  minute: number;
  dayOfMonth: number;
  from: string;
  /** Next two runs per period and policy. */
  expected: Record<"day" | "week" | "month", Record<DstPolicy, string[]>>;
}

const both = (runs: string[]): Record<DstPolicy, string[]> => ({ shift: runs, skip: runs });

const CASES: Case[] = [
  {
    name: "New York spring forward: 02:30 does not exist on 2026-03-08",
    zone: "America/New_York", hour: 2, minute: 30, dayOfMonth: 8, from: "2026-03-07T12:00:00Z",
    expected: {
      day: { shift: ["2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"], skip: ["2026-03-09T06:30:00Z", "2026-03-10T06:30:00Z"] },
      week: { shift: ["2026-03-08T07:00:00Z", "2026-03-15T06:30:00Z"], skip: ["2026-03-15T06:30:00Z", "2026-03-22T06:30:00Z"] },
      month: { shift: ["2026-03-08T07:00:00Z", "2026-04-08T06:30:00Z"], skip: ["2026-04-08T06:30:00Z", "2026-05-08T06:30:00Z"] },
    },
  },
  {
    name: "New York fall back: 01:30 happens twice on 2026-11-01, runs once (EDT)",
    zone: "America/New_York", hour: 1, minute: 30, dayOfMonth: 1, from: "2026-10-31T12:00:00Z",
    expected: {
      day: both(["2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"]),
      week: both(["2026-11-01T05:30:00Z", "2026-11-08T06:30:00Z"]),
      month: both(["2026-11-01T05:30:00Z", "2026-12-01T06:30:00Z"]),
    },
  },
  {
    name: "Berlin spring forward: 02:30 does not exist on 2026-03-29",
    zone: "Europe/Berlin", hour: 2, minute: 30, dayOfMonth: 29, from: "2026-03-28T12:00:00Z",
    expected: {
      day: { shift: ["2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"], skip: ["2026-03-30T00:30:00Z", "2026-03-31T00:30:00Z"] },
      week: { shift: ["2026-03-29T01:00:00Z", "2026-04-05T00:30:00Z"], skip: ["2026-04-05T00:30:00Z", "2026-04-12T00:30:00Z"] },
      month: { shift: ["2026-03-29T01:00:00Z", "2026-04-29T00:30:00Z"], skip: ["2026-04-29T00:30:00Z", "2026-05-29T00:30:00Z"] },
    },
  },
  {
    name: "Berlin fall back: 02:30 happens twice on 2026-10-25, runs once (CEST)",
    zone: "Europe/Berlin", hour: 2, minute: 30, dayOfMonth: 25, from: "2026-10-24T12:00:00Z",
    expected: {
      day: both(["2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"]),
      week: both(["2026-10-25T00:30:00Z", "2026-11-01T01:30:00Z"]),
      month: both(["2026-10-25T00:30:00Z", "2026-11-25T01:30:00Z"]),
    },
  },
  {
    name: "Lord Howe spring forward (30 minutes): 02:15 does not exist on 2026-10-04",
    zone: "Australia/Lord_Howe", hour: 2, minute: 15, dayOfMonth: 4, from: "2026-10-03T00:00:00Z",
    expected: {
      day: { shift: ["2026-10-03T15:30:00Z", "2026-10-04T15:15:00Z"], skip: ["2026-10-04T15:15:00Z", "2026-10-05T15:15:00Z"] },
      week: { shift: ["2026-10-03T15:30:00Z", "2026-10-10T15:15:00Z"], skip: ["2026-10-10T15:15:00Z", "2026-10-17T15:15:00Z"] },
      month: { shift: ["2026-10-03T15:30:00Z", "2026-11-03T15:15:00Z"], skip: ["2026-11-03T15:15:00Z", "2026-12-03T15:15:00Z"] },
    },
  },
  {
    name: "Lord Howe fall back (30 minutes): 01:45 happens twice on 2026-04-05, runs once (+11:00)",
    zone: "Australia/Lord_Howe", hour: 1, minute: 45, dayOfMonth: 5, from: "2026-04-04T00:00:00Z",
    expected: {
      day: both(["2026-04-04T14:45:00Z", "2026-04-05T15:15:00Z"]),
      week: both(["2026-04-04T14:45:00Z", "2026-04-11T15:15:00Z"]),
      month: both(["2026-04-04T14:45:00Z", "2026-05-04T15:15:00Z"]),
    },
  },
];

function families(c: Case): [string, "day" | "week" | "month", JobDefinition][] {
  const at = [atTime(c.hour, c.minute)];
  return [
    ["cron daily", "day", cronJob(`${c.minute} ${c.hour} * * *`)],
    ["cron daily, seconds", "day", cronJob(`0 ${c.minute} ${c.hour} * * *`, { withSeconds: true })],
    ["dailyJob", "day", dailyJob(1, at)],
    ["cron weekly", "week", cronJob(`${c.minute} ${c.hour} * * SUN`)],
    ["weeklyJob", "week", weeklyJob(1, [0], at)],
    ["cron monthly", "month", cronJob(`${c.minute} ${c.hour} ${c.dayOfMonth} * *`)],
    ["monthlyJob", "month", monthlyJob(1, [c.dayOfMonth], at)],
  ];
}

describe("every wall-clock family follows the same DST rule", () => {
  for (const c of CASES) {
    for (const policy of ["shift", "skip"] as const) {
      describe(`${c.name} (dstPolicy ${policy})`, () => {
        for (const [label, period, definition] of families(c)) {
          it(label, () => {
            const schedule = compile(definition, c.zone, c.from, policy);
            expect(runs(schedule, c.from, 2)).toEqual(c.expected[period][policy]);
          });
        }
      });
    }
  }

  it("a repeated time asked about between its two occurrences does not run again", () => {
    for (const definition of [cronJob("30 1 * * *"), dailyJob(1, [atTime(1, 30)])]) {
      const schedule = compile(definition, "America/New_York");
      // 05:45Z is 01:15 EST, in the second pass; 01:30 EST (06:30Z) must not run.
      expect(runs(schedule, "2026-11-01T06:15:00Z", 1)).toEqual(["2026-11-02T06:30:00Z"]);
    }
  });

  it("wildcard and step hours follow real time: both repeated hours, nothing in the gap", () => {
    for (const policy of ["shift", "skip"] as const) {
      const every30 = compile(cronJob("0 */30 * * * *", { withSeconds: true }), "America/New_York", undefined, policy);
      expect(runs(every30, "2026-11-01T04:45:00Z", 6)).toEqual([
        "2026-11-01T05:00:00Z", // 01:00 EDT
        "2026-11-01T05:30:00Z", // 01:30 EDT
        "2026-11-01T06:00:00Z", // 01:00 EST
        "2026-11-01T06:30:00Z", // 01:30 EST
        "2026-11-01T07:00:00Z", // 02:00 EST
        "2026-11-01T07:30:00Z",
      ]);
      expect(runs(every30, "2026-03-08T06:15:00Z", 3)).toEqual([
        "2026-03-08T06:30:00Z", // 01:30 EST
        "2026-03-08T07:00:00Z", // 03:00 EDT: 02:00 and 02:30 never happened
        "2026-03-08T07:30:00Z",
      ]);
      const hourly = compile(cronJob("0 * * * *"), "Europe/Berlin", undefined, policy);
      expect(runs(hourly, "2026-10-24T23:30:00Z", 3)).toEqual(["2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z"]);
    }
  });

  it("a cron list of fixed hours is fixed-time too (Vixie): the gap hour is shifted or skipped", () => {
    const shift = compile(cronJob("30 1,2 * * *"), "America/New_York", undefined, "shift");
    expect(runs(shift, "2026-03-08T00:00:00Z", 3)).toEqual(["2026-03-08T06:30:00Z", "2026-03-08T07:00:00Z", "2026-03-09T05:30:00Z"]);
    const skip = compile(cronJob("30 1,2 * * *"), "America/New_York", undefined, "skip");
    expect(runs(skip, "2026-03-08T00:00:00Z", 3)).toEqual(["2026-03-08T06:30:00Z", "2026-03-09T05:30:00Z", "2026-03-09T06:30:00Z"]);
    const daily = compile(dailyJob(1, [atTime(1, 30), atTime(2, 30)]), "America/New_York", undefined, "skip");
    expect(runs(daily, "2026-03-08T00:00:00Z", 3)).toEqual(["2026-03-08T06:30:00Z", "2026-03-09T05:30:00Z", "2026-03-09T06:30:00Z"]);
  });

  it("a fixed time at the end of the gap runs once, not twice, when another time is shifted onto it", () => {
    const cron = compile(cronJob("0 2,3 * * *"), "America/New_York");
    expect(runs(cron, "2026-03-08T00:00:00Z", 2)).toEqual(["2026-03-08T07:00:00Z", "2026-03-09T06:00:00Z"]);
    const daily = compile(dailyJob(1, [atTime(2, 0), atTime(3, 0)]), "America/New_York");
    expect(runs(daily, "2026-03-08T00:00:00Z", 2)).toEqual(["2026-03-08T07:00:00Z", "2026-03-09T06:00:00Z"]);
  });
});
