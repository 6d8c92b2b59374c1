import { describe, expect, it, vi } from "vitest";
import { internCron, internedPatternCount } from "../../src/definitions/cron-engine.ts";
import { cronJob } from "../../src/definitions/cron.ts";
import { zoneOffsets } from "../../src/time/zone-offsets.ts";
import { compile, context, runs } from "./helpers.ts";

const code = (c: string) => expect.objectContaining({ code: c });

describe("cronJob", () => {
  it("reads five fields by default and six with withSeconds", () => {
    const five = compile(cronJob("*/15 9-10 * * MON-FRI"), "UTC");
    // 2026-01-02 is a Friday, 01-03/04 the weekend.
    expect(runs(five, "2026-01-02T10:40:00Z", 3)).toEqual(["2026-01-02T10:45:00Z", "2026-01-05T09:00:00Z", "2026-01-05T09:15:00Z"]);
    const six = compile(cronJob("*/10 * * * * *", { withSeconds: true }), "UTC");
    expect(runs(six, "2026-01-01T12:00:03.500Z", 2)).toEqual(["2026-01-01T12:00:10Z", "2026-01-01T12:00:20Z"]);
    expect(six.description).toEqual({ type: "cron", expression: "*/10 * * * * *", withSeconds: true, timeZone: "UTC" });
  });

  it("accepts nicknames with or without seconds", () => {
    expect(runs(compile(cronJob("@daily"), "UTC"), "2026-01-01T12:00:00Z", 1)).toEqual(["2026-01-02T00:00:00Z"]);
    expect(runs(compile(cronJob("@hourly", { withSeconds: true }), "UTC"), "2026-01-01T12:00:00Z", 1)).toEqual(["2026-01-01T13:00:00Z"]);
  });

  it("ORs day-of-month and day-of-week when both are restricted (Vixie, robfig)", () => {
    const either = compile(cronJob("0 0 13 * 5"), "UTC");
    expect(runs(either, "2026-01-01T00:00:00Z", 4)).toEqual(["2026-01-02T00:00:00Z", "2026-01-09T00:00:00Z", "2026-01-13T00:00:00Z", "2026-01-16T00:00:00Z"]);
    // A step is a restriction too (robfig/gocron; Vixie would AND here): days 1, 11, 21, 31 or Mondays.
    const stepped = compile(cronJob("0 0 */10 * 1"), "UTC");
    expect(runs(stepped, "2026-01-01T00:00:00Z", 4)).toEqual(["2026-01-05T00:00:00Z", "2026-01-11T00:00:00Z", "2026-01-12T00:00:00Z", "2026-01-19T00:00:00Z"]);
    const dayOnly = compile(cronJob("0 0 13 * *"), "UTC");
    expect(runs(dayOnly, "2026-01-01T00:00:00Z", 2)).toEqual(["2026-01-13T00:00:00Z", "2026-02-13T00:00:00Z"]);
    const weekdayOnly = compile(cronJob("0 0 * * 5"), "UTC");
    expect(runs(weekdayOnly, "2026-01-01T00:00:00Z", 2)).toEqual(["2026-01-02T00:00:00Z", "2026-01-09T00:00:00Z"]);
  });

  it("reads the pattern in the scheduler's zone", () => {
    const schedule = compile(cronJob("0 9 * * *"), "America/New_York");
    expect(runs(schedule, "2026-01-01T00:00:00Z", 1)).toEqual(["2026-01-01T14:00:00Z"]);
    expect(runs(schedule, "2026-07-01T00:00:00Z", 1)).toEqual(["2026-07-01T13:00:00Z"]);
    expect(schedule.description).toMatchObject({ timeZone: "America/New_York" });
    // A fixed-offset zone takes croner's numeric path and gives the same answers.
    expect(runs(compile(cronJob("0 9 * * *"), "Etc/GMT+5"), "2026-07-01T00:00:00Z", 1)).toEqual(["2026-07-01T14:00:00Z"]);
  });

  it("lets a CRON_TZ= or TZ= prefix beat the scheduler's zone", () => {
    const tokyo = compile(cronJob("CRON_TZ=Asia/Tokyo 0 9 * * *"), "America/New_York");
    expect(runs(tokyo, "2025-12-31T12:00:00Z", 2)).toEqual(["2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"]);
    expect(tokyo.description).toEqual({ type: "cron", expression: "CRON_TZ=Asia/Tokyo 0 9 * * *", withSeconds: false, timeZone: "Asia/Tokyo" });
    const berlin = compile(cronJob("TZ=Europe/Berlin 30 0 9 * * *", { withSeconds: true }), "UTC");
    expect(runs(berlin, "2026-07-01T00:00:00Z", 1)).toEqual(["2026-07-01T07:00:30Z"]);
    expect(berlin.description).toMatchObject({ timeZone: "Europe/Berlin" });
  });

  it("rejects bad input with the right code", () => {
    expect(() => cronJob("not a cron")).toThrow(code("CronJobParse"));
    expect(() => cronJob("* * * *")).toThrow(code("CronJobParse"));
    expect(() => cronJob("61 * * * *")).toThrow(code("CronJobParse"));
    expect(() => cronJob("0 0 * * * *")).toThrow(code("CronJobParse")); // six fields without withSeconds
    expect(() => cronJob("0 * * * *", { withSeconds: true })).toThrow(code("CronJobParse")); // five with
    expect(() => cronJob(42 as unknown as string)).toThrow(code("CronJobParse"));
    expect(() => cronJob("0 0 31 2 *")).toThrow(code("CronJobInvalid"));
    expect(() => cronJob("0 0 0 30 2 *", { withSeconds: true })).toThrow(code("CronJobInvalid"));
    expect(() => cronJob("CRON_TZ=Mars/Base 0 0 * * *")).toThrow(code("WithLocationInvalid"));
    expect(() => cronJob("TZ= 0 0 * * *")).toThrow(code("WithLocationInvalid"));
    expect(() => cronJob("0 0 * * *").compile(context("Not/AZone"))).toThrow(code("WithLocationInvalid"));
    try {
      cronJob("0 0 32 * *");
    } catch (error) {
      expect((error as Error).cause).toBeInstanceOf(Error);
      expect((error as Error).message).toContain("0 0 32 * *");
    }
  });

  it("interns patterns: one croner instance per (pattern, zone, withSeconds)", () => {
    const before = internedPatternCount();
    const schedules = [];
    for (let i = 0; i < 100; i++) schedules.push(compile(cronJob(`${i % 10} 7 * * 3`), "Europe/Paris"));
    // Ten patterns, each interned in UTC (the factory's check) and in Europe/Paris.
    expect(internedPatternCount() - before).toBe(20);
    const paris = zoneOffsets("Europe/Paris")!;
    expect(internCron("3 7 * * 3", paris, false)).toBe(internCron("3 7 * * 3", paris, false));
    expect(internCron("3 7 * * 3", paris, false)).not.toBe(internCron("3 7 * * 3", zoneOffsets("UTC")!, false));
    expect(internCron("0 3 7 * * 3", paris, true)).not.toBe(internCron("3 7 * * 3", paris, false));
    expect(schedules.length).toBe(100);
  });

  it("shares one next-time computation between jobs with the same pattern", () => {
    const a = compile(cronJob("17 5 * * *"), "Asia/Kolkata");
    const b = compile(cronJob("17 5 * * *"), "Asia/Kolkata");
    const engine = internCron("17 5 * * *", zoneOffsets("Asia/Kolkata")!, false);
    const spy = vi.spyOn(engine, "_compute");
    const after = Date.parse("2026-05-01T00:00:00Z");
    expect(a.next(after)).toBe(Date.parse("2026-05-01T23:47:00Z"));
    expect(b.next(after)).toBe(Date.parse("2026-05-01T23:47:00Z"));
    // Any instant up to that run has the same answer: still one computation.
    expect(b.next(after + 3_600_000)).toBe(Date.parse("2026-05-01T23:47:00Z"));
    expect(a.next(Date.parse("2026-05-01T23:46:59.999Z"))).toBe(Date.parse("2026-05-01T23:47:00Z"));
    expect(spy).toHaveBeenCalledTimes(1);
    // Outside that range it computes again, and correctly.
    expect(a.next(Date.parse("2026-05-01T23:47:00Z"))).toBe(Date.parse("2026-05-02T23:47:00Z"));
    expect(b.next(after - 86_400_000)).toBe(Date.parse("2026-04-30T23:47:00Z"));
    expect(spy).toHaveBeenCalledTimes(3);
    spy.mockRestore();
  });
});
