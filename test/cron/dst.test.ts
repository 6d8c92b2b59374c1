// The DST rule of isocron's cron engine (Vixie cron's, as croner 11 has it), under both policies.
import { describe, expect, it } from "vitest";
import { cronJob, type CronJobOptions } from "../../src/definitions/cron.ts";
import type { DstPolicy } from "../../src/definitions/definition.ts";
import { compile, runs } from "../definitions/helpers.ts";

const next = (pattern: string, zone: string, from: string, count: number, policy: DstPolicy = "shift", options?: CronJobOptions) =>
  runs(compile(cronJob(pattern, options), zone, from, policy), from, count);
const both = (pattern: string, zone: string, from: string, count: number, options?: CronJobOptions) => {
  const shift = next(pattern, zone, from, count, "shift", options);
  expect(next(pattern, zone, from, count, "skip", options)).toEqual(shift);
  return shift;
};

describe("America/New_York: 2026-03-08 02:00 EST -> 03:00 EDT (07:00Z), 2026-11-01 02:00 EDT -> 01:00 EST (06:00Z)", () => {
  it("a fixed time in the gap runs at 03:00 EDT, or not at all with skip", () => {
    expect(next("30 2 * * *", "America/New_York", "2026-03-08T00:00:00Z", 2)).toEqual(["2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"]);
    expect(next("30 2 * * *", "America/New_York", "2026-03-08T00:00:00Z", 2, "skip")).toEqual(["2026-03-09T06:30:00Z", "2026-03-10T06:30:00Z"]);
    expect(next("0 30 2 * * *", "America/New_York", "2026-03-08T00:00:00Z", 1, "shift", { withSeconds: true })).toEqual(["2026-03-08T07:00:00Z"]);
  });

  it("several fixed times in the gap, or one at its end, run once", () => {
    expect(next("0,30 2 * * *", "America/New_York", "2026-03-08T00:00:00Z", 2)).toEqual(["2026-03-08T07:00:00Z", "2026-03-09T06:00:00Z"]);
    expect(next("0 2,3 * * *", "America/New_York", "2026-03-08T00:00:00Z", 2)).toEqual(["2026-03-08T07:00:00Z", "2026-03-09T06:00:00Z"]);
    expect(next("0 2,3 * * *", "America/New_York", "2026-03-08T00:00:00Z", 2, "skip")).toEqual(["2026-03-08T07:00:00Z", "2026-03-09T06:00:00Z"]);
  });

  it("a time that is in the gap every year never runs under skip", () => {
    // 02:30 on the second Sunday of March: New York's spring-forward day, every year.
    const schedule = compile(cronJob("30 2 * 3 0#2"), "America/New_York", "2026-01-01T00:00:00Z", "shift");
    expect(runs(schedule, "2026-01-01T00:00:00Z", 2)).toEqual(["2026-03-08T07:00:00Z", "2027-03-14T07:00:00Z"]);
    expect(() => compile(cronJob("30 2 * 3 0#2"), "America/New_York", "2026-01-01T00:00:00Z", "skip")).toThrow(
      expect.objectContaining({ code: "CronJobInvalid" }),
    );
  });

  it("a step or wildcard follows real time through the gap", () => {
    expect(both("*/30 * * * *", "America/New_York", "2026-03-08T06:15:00Z", 3)).toEqual(["2026-03-08T06:30:00Z", "2026-03-08T07:00:00Z", "2026-03-08T07:30:00Z"]);
    expect(both("* * * * * *", "America/New_York", "2026-03-08T06:59:58Z", 3, { withSeconds: true })).toEqual(["2026-03-08T06:59:59Z", "2026-03-08T07:00:00Z", "2026-03-08T07:00:01Z"]);
  });

  it("a fixed time that happens twice runs once, at the first (EDT)", () => {
    expect(both("30 1 * * *", "America/New_York", "2026-11-01T04:00:00Z", 2)).toEqual(["2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"]);
    // Asked from the second pass (01:45 EST), 01:30 EST is not a second run.
    expect(both("30 1 * * *", "America/New_York", "2026-11-01T06:45:00Z", 1)).toEqual(["2026-11-02T06:30:00Z"]);
  });

  it("a step runs in both repeated hours, also when asked from inside the first", () => {
    expect(both("*/30 1 * * *", "America/New_York", "2026-11-01T04:45:00Z", 5)).toEqual([
      "2026-11-01T05:00:00Z", "2026-11-01T05:30:00Z", "2026-11-01T06:00:00Z", "2026-11-01T06:30:00Z", "2026-11-02T06:00:00Z",
    ]);
    // From 01:30 EDT, 01:10 EST (06:10Z) comes before 02:10 EST.
    expect(both("10 * * * *", "America/New_York", "2026-11-01T05:30:00Z", 2)).toEqual(["2026-11-01T06:10:00Z", "2026-11-01T07:10:00Z"]);
  });
});

describe("Europe/Berlin: 2026-03-29 02:00 CET -> 03:00 CEST (01:00Z), 2026-10-25 03:00 CEST -> 02:00 CET (01:00Z)", () => {
  it("spring forward: shift to 03:00 CEST, or skip", () => {
    expect(next("30 2 * * *", "Europe/Berlin", "2026-03-28T12:00:00Z", 2)).toEqual(["2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"]);
    expect(next("30 2 * * *", "Europe/Berlin", "2026-03-28T12:00:00Z", 2, "skip")).toEqual(["2026-03-30T00:30:00Z", "2026-03-31T00:30:00Z"]);
    expect(both("15 */1 * * *", "Europe/Berlin", "2026-03-29T00:00:00Z", 2)).toEqual(["2026-03-29T00:15:00Z", "2026-03-29T01:15:00Z"]);
  });

  it("fall back: a fixed 02:30 runs once (CEST); a stepped one twice", () => {
    expect(both("30 2 * * *", "Europe/Berlin", "2026-10-24T12:00:00Z", 2)).toEqual(["2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"]);
    expect(both("30 2-2/1 * * *", "Europe/Berlin", "2026-10-24T12:00:00Z", 3)).toEqual(["2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z", "2026-10-26T01:30:00Z"]);
  });
});

describe("Australia/Lord_Howe: 30-minute changes", () => {
  it("spring forward 2026-10-04 02:00 -> 02:30 (15:30Z): 02:15 shifts to 02:30 +11:00, or is skipped", () => {
    expect(next("15 2 * * *", "Australia/Lord_Howe", "2026-10-03T00:00:00Z", 2)).toEqual(["2026-10-03T15:30:00Z", "2026-10-04T15:15:00Z"]);
    expect(next("15 2 * * *", "Australia/Lord_Howe", "2026-10-03T00:00:00Z", 2, "skip")).toEqual(["2026-10-04T15:15:00Z", "2026-10-05T15:15:00Z"]);
    expect(both("*/15 2 * * *", "Australia/Lord_Howe", "2026-10-03T15:00:00Z", 3)).toEqual(["2026-10-03T15:30:00Z", "2026-10-03T15:45:00Z", "2026-10-04T15:00:00Z"]);
  });

  it("fall back 2026-04-05 02:00 -> 01:30 (15:00Z): 01:45 runs once; a step runs in both passes", () => {
    expect(both("45 1 * * *", "Australia/Lord_Howe", "2026-04-04T00:00:00Z", 2)).toEqual(["2026-04-04T14:45:00Z", "2026-04-05T15:15:00Z"]);
    expect(both("*/15 1 * * *", "Australia/Lord_Howe", "2026-04-04T14:20:00Z", 5)).toEqual([
      "2026-04-04T14:30:00Z", "2026-04-04T14:45:00Z", "2026-04-04T15:00:00Z", "2026-04-04T15:15:00Z", "2026-04-05T14:30:00Z",
    ]);
  });
});

describe("a gap across midnight (Pacific/Apia skipped 2011-12-30)", () => {
  it("drops the fixed times of the missing day instead of shifting them into the next", () => {
    expect(next("0 12 * * *", "Pacific/Apia", "2011-12-28T12:00:00Z", 3)).toEqual(["2011-12-28T22:00:00Z", "2011-12-29T22:00:00Z", "2011-12-30T22:00:00Z"]);
    expect(next("0 0,12 * * *", "Pacific/Apia", "2011-12-29T12:00:00Z", 3)).toEqual(["2011-12-29T22:00:00Z", "2011-12-30T10:00:00Z", "2011-12-30T22:00:00Z"]);
  });
});
