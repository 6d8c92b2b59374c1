import { describe, expect, it } from "vitest";
import { atTime } from "../../src/definitions/at-time.ts";
import { dailyJob } from "../../src/definitions/daily.ts";
import { monthlyJob } from "../../src/definitions/monthly.ts";
import { weeklyJob } from "../../src/definitions/weekly.ts";
import { rel, setup } from "./helpers.ts";

const H = 3_600_000;
const DAY = 24 * H;
const noop = (): void => {};

/** The description as JSON, so key order and every nested value are compared. */
const json = (value: unknown): string => JSON.stringify(value);

describe("daily, weekly and monthly job handles (what the compact schedules must keep)", () => {
  it("a daily job with one time: description and next runs", () => {
    const { scheduler } = setup({ timeZone: "Europe/Berlin" });
    const job = scheduler.newJob(dailyJob(1, [atTime(9, 30, 15)]), () => {}); // an anonymous task
    scheduler.start();
    const description = job.schedule;
    expect(json(description)).toBe(
      json({ type: "daily", interval: 1, atTimes: [{ hours: 9, minutes: 30, seconds: 15 }], timeZone: "Europe/Berlin" }),
    );
    expect(Object.isFrozen(description.type === "daily" && description.atTimes)).toBe(true);
    expect(Object.isFrozen(description.type === "daily" && description.atTimes[0])).toBe(true);
    // 09:30:15 in Berlin (UTC+1 in January) is 08:30:15Z.
    const first = 8 * H + 30 * 60_000 + 15_000;
    expect(job.nextRuns(3).map(rel)).toEqual([first, first + DAY, first + 2 * DAY]);
    expect(job.name).toBe(job.id);
    expect(job.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("a daily job with several times keeps them sorted and without duplicates", () => {
    const { scheduler } = setup();
    const job = scheduler.newJob(dailyJob(1, [atTime(17, 0), atTime(6, 5, 7), atTime(17, 0, 0)]), noop);
    scheduler.start();
    expect(json(job.schedule)).toBe(json({
      type: "daily", interval: 1, atTimes: [{ hours: 6, minutes: 5, seconds: 7 }, { hours: 17, minutes: 0, seconds: 0 }], timeZone: "UTC",
    }));
    const early = 6 * H + 5 * 60_000 + 7_000;
    expect(job.nextRuns(4).map(rel)).toEqual([early, 17 * H, DAY + early, DAY + 17 * H]);
  });

  it("a daily job with an interval counts days from start(), not from newJob()", async () => {
    const { clock, scheduler } = setup();
    const job = scheduler.newJob(dailyJob(2, [atTime(1, 0)]), noop);
    await clock.advance(DAY + 2 * H); // created on day 0, started on day 1 at 02:00
    scheduler.start();
    expect(job.schedule).toEqual({ type: "daily", interval: 2, atTimes: [{ hours: 1, minutes: 0, seconds: 0 }], timeZone: "UTC" });
    expect(job.nextRuns(2).map(rel)).toEqual([3 * DAY + H, 5 * DAY + H]);
  });

  it("weekly and monthly jobs: description and next runs", () => {
    const { scheduler } = setup();
    // 2026-01-01 is a Thursday.
    const weekly = scheduler.newJob(weeklyJob(1, [5, 1], [atTime(8, 0)]), noop);
    const monthly = scheduler.newJob(monthlyJob(1, [-1, 15], [atTime(12, 0), atTime(6, 0)]), noop, { name: "month-end" });
    scheduler.start();
    expect(json(weekly.schedule)).toBe(json({
      type: "weekly", interval: 1, weekdays: [1, 5], atTimes: [{ hours: 8, minutes: 0, seconds: 0 }], timeZone: "UTC",
    }));
    expect(weekly.nextRuns(3).map(rel)).toEqual([DAY + 8 * H, 4 * DAY + 8 * H, 8 * DAY + 8 * H]);
    expect(json(monthly.schedule)).toBe(json({
      type: "monthly", interval: 1, days: [-1, 15],
      atTimes: [{ hours: 6, minutes: 0, seconds: 0 }, { hours: 12, minutes: 0, seconds: 0 }], timeZone: "UTC",
    }));
    expect(monthly.nextRuns(3).map(rel)).toEqual([14 * DAY + 6 * H, 14 * DAY + 12 * H, 30 * DAY + 6 * H]);
    expect(monthly.name).toBe("month-end");
  });

  it("each job gets its own id, and a named task names its job", () => {
    const { scheduler } = setup();
    function report(): void {}
    const a = scheduler.newJob(dailyJob(1, [atTime(1, 0)]), report);
    const b = scheduler.newJob(dailyJob(1, [atTime(1, 0)]), noop);
    expect(a.id).not.toBe(b.id);
    expect(a.name).toBe("report");
    expect(b.name).toBe("noop");
    expect(scheduler.jobs()).toEqual([a, b]);
  });
});
