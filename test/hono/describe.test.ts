import { describe, expect, it } from "vitest";
import { describeSchedule } from "../../adapters/hono/index.ts";
import { atTime } from "../../src/definitions/at-time.ts";
import { cronJob } from "../../src/definitions/cron.ts";
import { dailyJob } from "../../src/definitions/daily.ts";
import type { JobDefinition, ScheduleDescription } from "../../src/definitions/definition.ts";
import { durationRandomJob } from "../../src/definitions/duration-random.ts";
import { durationJob } from "../../src/definitions/duration.ts";
import { monthlyJob } from "../../src/definitions/monthly.ts";
import { oneTimeJob } from "../../src/definitions/one-time.ts";
import { weeklyJob } from "../../src/definitions/weekly.ts";

const T0 = Date.UTC(2026, 0, 1);

function compile(definition: JobDefinition, timeZone = "UTC") {
  return definition.compile({ timeZone, dstPolicy: "shift", now: T0, anchor: T0 });
}

/** The words for a definition, as the API shows them (from the compiled schedule's description). */
function words(definition: JobDefinition, timeZone = "UTC"): string {
  return describeSchedule(compile(definition, timeZone).description);
}

/** The next `n` instants of a schedule after T0. */
function runs(definition: JobDefinition, n: number, timeZone = "UTC"): number[] {
  const schedule = compile(definition, timeZone);
  const out: number[] = [];
  let t = T0;
  for (let i = 0; i < n; i++) {
    const next = schedule.next(t);
    if (next === null) break;
    out.push((t = next));
  }
  return out;
}

describe("describeSchedule", () => {
  it("duration: the largest exact unit, up to hours", () => {
    expect(words(durationJob(30_000))).toBe("every 30 s");
    expect(words(durationJob(90_000))).toBe("every 1.5 min");
    expect(words(durationJob(60_000))).toBe("every minute");
    expect(words(durationJob(1000))).toBe("every second");
    expect(words(durationJob(3_600_000))).toBe("every hour");
    expect(words(durationJob(61_000))).toBe("every 61 s");
    expect(words(durationJob(100_000))).toBe("every 100 s");
    expect(words(durationJob(250))).toBe("every 250 ms");
    expect(words(durationJob(1))).toBe("every millisecond");
    expect(words(durationJob(1234))).toBe("every 1.234 s");
    expect(words(durationJob(86_400_000))).toBe("every 24 h");
    expect(words(durationJob(5_400_000))).toBe("every 1.5 h");
  });

  it("durationRandom: both bounds in one exact unit", () => {
    expect(words(durationRandomJob(10_000, 20_000))).toBe("randomly every 10-20 s");
    expect(words(durationRandomJob(60_000, 120_000))).toBe("randomly every 1-2 min");
    expect(words(durationRandomJob(500, 2000))).toBe("randomly every 500-2000 ms");
    expect(words(durationRandomJob(90_000, 150_000))).toBe("randomly every 1.5-2.5 min");
  });

  it("daily: times, interval and zone", () => {
    expect(words(dailyJob(1, [atTime(9, 0)]), "Europe/Berlin")).toBe("every day at 09:00 (Europe/Berlin)");
    expect(words(dailyJob(1, [atTime(17, 30), atTime(9, 0)]))).toBe("every day at 09:00 and 17:30 (UTC)");
    expect(words(dailyJob(2, [atTime(6, 0, 30)]))).toBe("every 2 days at 06:00:30 (UTC)");
    const many = Array.from({ length: 30 }, (_, i) => atTime(Math.floor(i / 2), (i % 2) * 30));
    expect(words(dailyJob(1, many))).toBe("every day at 30 times of day from 00:00 to 14:30 (UTC)");
  });

  it("weekly: weekdays, given days Monday first, intervals", () => {
    expect(words(weeklyJob(1, [1, 2, 3, 4, 5], [atTime(9, 0)]), "Europe/Berlin")).toBe("every weekday at 09:00 (Europe/Berlin)");
    expect(words(weeklyJob(2, [4, 1], [atTime(8, 0)]))).toBe("every 2 weeks on Mon and Thu at 08:00 (UTC)");
    expect(words(weeklyJob(1, [0, 6], [atTime(10, 0)]))).toBe("every Sat and Sun at 10:00 (UTC)");
    expect(words(weeklyJob(1, [0, 1, 2, 3, 4, 5, 6], [atTime(7, 0)]))).toBe("every day at 07:00 (UTC)");
    expect(words(weeklyJob(3, [0, 1, 2, 3, 4, 5, 6], [atTime(7, 0)]))).toBe("every 3 weeks on all days at 07:00 (UTC)");
    expect(words(weeklyJob(2, [1, 2, 3, 4, 5], [atTime(7, 0)]))).toBe("every 2 weeks on weekdays at 07:00 (UTC)");
    expect(words(weeklyJob(1, [3], [atTime(12, 0)]))).toBe("every Wed at 12:00 (UTC)");
    // Five days but not Monday to Friday.
    expect(words(weeklyJob(1, [0, 1, 2, 3, 4], [atTime(12, 0)]))).toBe("every Mon, Tue, Wed, Thu and Sun at 12:00 (UTC)");
  });

  it("monthly: days from the start and from the end", () => {
    expect(words(monthlyJob(1, [1, -1], [atTime(0, 0)]))).toBe("on day 1 and the last day of every month at 00:00 (UTC)");
    expect(words(monthlyJob(1, [15], [atTime(9, 0)]))).toBe("on day 15 of every month at 09:00 (UTC)");
    expect(words(monthlyJob(3, [1, 10, 20], [atTime(9, 0)]))).toBe("on days 1, 10 and 20 of every 3 months at 09:00 (UTC)");
    expect(words(monthlyJob(1, [-2, -1], [atTime(18, 0)]))).toBe("on the 2nd-to-last day and the last day of every month at 18:00 (UTC)");
    expect(words(monthlyJob(1, [5, -3], [atTime(18, 0)]))).toBe("on day 5 and the 3rd-to-last day of every month at 18:00 (UTC)");
  });

  it("oneTime: immediately, one instant, a few, many", () => {
    expect(words(oneTimeJob("immediately"))).toBe("once, immediately");
    expect(words(oneTimeJob(new Date("2026-12-01T09:00:00Z")))).toBe("once at 2026-12-01 09:00 UTC");
    expect(words(oneTimeJob(new Date("2026-12-01T09:00:30.250Z")))).toBe("once at 2026-12-01 09:00:30.25 UTC");
    expect(words(oneTimeJob([Date.UTC(2026, 5, 2, 8), Date.UTC(2026, 5, 1, 8)]))).toBe("once at each of 2026-06-01 08:00 UTC and 2026-06-02 08:00 UTC");
    const many = Array.from({ length: 7 }, (_, i) => Date.UTC(2026, 5, 1 + i));
    expect(words(oneTimeJob(many))).toBe("once at each of 7 instants from 2026-06-01 00:00 UTC to 2026-06-07 00:00 UTC");
  });

  it("cron: the common shapes in words", () => {
    const cases: [string, string][] = [
      ["* * * * *", "every minute"],
      ["*/5 * * * *", "every 5 min"],
      ["*/15 * * * 1-5", "every 15 min on weekdays (UTC)"],
      ["*/20 * * * *", "every hour at :00, :20 and :40 (UTC)"],
      ["5 * * * *", "every hour at :05 (UTC)"],
      ["@hourly", "every hour at :00 (UTC)"],
      ["30 9 * * *", "every day at 09:30 (UTC)"],
      ["@daily", "every day at 00:00 (UTC)"],
      ["0 9,17 * * *", "every day at 09:00 and 17:00 (UTC)"],
      ["0 9 * * 1-5", "every weekday at 09:00 (UTC)"],
      ["0 9 * * MON-FRI", "every weekday at 09:00 (UTC)"],
      ["0 8 * * MON,THU", "every Mon and Thu at 08:00 (UTC)"],
      ["0 9 * * 7", "every Sun at 09:00 (UTC)"],
      ["@weekly", "every Sun at 00:00 (UTC)"],
      ["0 0 1 * *", "on day 1 of every month at 00:00 (UTC)"],
      ["0 0 1,L * *", "on day 1 and the last day of every month at 00:00 (UTC)"],
      ["0 0 L * *", "on the last day of every month at 00:00 (UTC)"],
      ["0 0 1 1 *", "on day 1 of Jan at 00:00 (UTC)"],
      ["0 9 * 1,7 *", "every day in Jan and Jul at 09:00 (UTC)"],
      ["0 9 ? * 1-5", "every weekday at 09:00 (UTC)"],
    ];
    for (const [pattern, sentence] of cases) expect(words(cronJob(pattern)), pattern).toBe(sentence);
  });

  it("cron with seconds", () => {
    expect(words(cronJob("* * * * * *", { withSeconds: true }))).toBe("every second");
    expect(words(cronJob("*/10 * * * * *", { withSeconds: true }))).toBe("every 10 s");
    expect(words(cronJob("0 30 9 * * *", { withSeconds: true }))).toBe("every day at 09:30 (UTC)");
    expect(words(cronJob("15 30 9 * * 1-5", { withSeconds: true }))).toBe("every weekday at 09:30:15 (UTC)");
  });

  it("cron: the pattern itself when no sentence is certain, without the zone prefix, with the zone it is read in", () => {
    const cases: [string, string][] = [
      ["5 4 * * 1-5", "every weekday at 04:05 (UTC)"],
      ["0 0 13 * 5", "cron 0 0 13 * 5 (UTC)"], // either day field may match
      ["0 9 * * 1#2", "cron 0 9 * * 1#2 (UTC)"],
      ["0 9 15W * *", "cron 0 9 15W * * (UTC)"],
      ["0 9 LW * *", "cron 0 9 LW * * (UTC)"],
      ["0 9 * * 5L", "cron 0 9 * * 5L (UTC)"],
      ["* 9 * * *", "cron * 9 * * * (UTC)"],
      ["0 9 * * +1", "cron 0 9 * * +1 (UTC)"],
      ["*/30 * 9 * * *", "cron */30 * 9 * * * (UTC)"],
    ];
    for (const [pattern, sentence] of cases) expect(words(cronJob(pattern, { withSeconds: pattern.split(" ").length === 6 })), pattern).toBe(sentence);
    expect(words(cronJob("CRON_TZ=Asia/Tokyo 0 0 13 * 5"))).toBe("cron 0 0 13 * 5 (Asia/Tokyo)");
    expect(words(cronJob("CRON_TZ=Asia/Tokyo 0 9 * * *"))).toBe("every day at 09:00 (Asia/Tokyo)");
  });

  it("a cron sentence means what the definition it names does: the same runs for a year", () => {
    const pairs: [JobDefinition, JobDefinition][] = [
      [cronJob("0 9 * * 1-5"), weeklyJob(1, [1, 2, 3, 4, 5], [atTime(9, 0)])],
      [cronJob("0 8 * * MON,THU"), weeklyJob(1, [1, 4], [atTime(8, 0)])],
      [cronJob("0 0 1,L * *"), monthlyJob(1, [1, -1], [atTime(0, 0)])],
      [cronJob("30 9,17 * * *"), dailyJob(1, [atTime(9, 30), atTime(17, 30)])],
      [cronJob("*/5 * * * *"), durationJob(300_000)],
    ];
    for (const [cron, same] of pairs) {
      expect(words(cron, "Europe/Berlin").replace(" (Europe/Berlin)", "")).toBe(words(same, "Europe/Berlin").replace(" (Europe/Berlin)", ""));
      const n = same.type === "duration" ? 2000 : 400;
      expect(runs(cron, n, "Europe/Berlin")).toEqual(runs(same, n, "Europe/Berlin"));
    }
  });

  it("a description from a custom definition says only its type", () => {
    expect(describeSchedule({ type: "lunar" } as unknown as ScheduleDescription)).toBe("a lunar schedule");
  });
});
