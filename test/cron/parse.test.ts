// What the cron parser accepts, how it reads it, and how it says no.
import { describe, expect, it } from "vitest";
import { cronJob } from "../../src/definitions/cron.ts";
import { SchedulerError } from "../../src/errors.ts";
import { compile, runs } from "../definitions/helpers.ts";

function errorOf(run: () => unknown): SchedulerError {
  try {
    run();
  } catch (error) {
    if (error instanceof SchedulerError) return error;
    throw error;
  }
  throw new Error("expected a SchedulerError");
}

const utc = (pattern: string, from: string, count: number, withSeconds = false) => runs(compile(cronJob(pattern, { withSeconds }), "UTC"), from, count);

describe("cron syntax errors: CronJobParse naming the field and the item", () => {
  const cases: Array<[string, boolean, string]> = [
    ["61 * * * *", false, 'minute "61" is out of range 0-59'],
    ["0 24 * * *", false, 'hour "24" is out of range 0-23'],
    ["0 0 32 * *", false, 'day-of-month "32" is out of range 1-31'],
    ["0 0 0 * *", false, 'day-of-month "0" is out of range 1-31'],
    ["0 0 * 13 *", false, 'month "13" is out of range 1-12'],
    ["0 0 * * 8", false, 'day-of-week "8" is out of range 0-7'],
    ["60 * * * * *", true, 'second "60" is out of range 0-59'],
    ["* * * *", false, "needs 5 fields, got 4"],
    ["0 0 * * * *", false, "needs 5 fields, got 6"],
    ["0 * * * *", true, "needs 6 fields, got 5"],
    ["*/0 * * * *", false, 'minute "*/0" has a step outside 1-60'],
    ["0 0 */32 * *", false, 'day-of-month "*/32" has a step outside 1-31'],
    ["0 0 * * */8", false, 'day-of-week "*/8" has a step outside 1-7'],
    ["40-10 * * * *", false, 'minute "40-10" runs backwards (40 > 10)'],
    ["0 0 * * 5#6", false, 'day-of-week "5#6" needs #1 to #5 or #L'],
    ["0 0 5L * *", false, 'day-of-month "5L" cannot take L here'],
    ["0 0 * * 1W", false, 'day-of-week "1W" cannot take W here'],
    ["0 0 1-5W * *", false, 'day-of-month "1-5W" cannot take W here'],
    ["0 0 * * *#2", false, 'day-of-week "*#2" cannot take #2 after *'],
    ["0 0 * JANUARY *", false, 'month "JANUARY" is not a value, range or step'],
    ["0 0 * * FOO", false, 'day-of-week "FOO" has an unknown name "FOO"'],
    ["0 0 * MON *", false, 'month "MON" has an unknown name "MON"'],
    ["0 JAN * * *", false, 'hour "JAN" has an unknown name "JAN"'],
    ["1,,2 * * * *", false, 'minute "" is not a value, range or step'],
    ["0 0 LW,1 * *", false, 'day-of-month "LW" is not a value, range or step'],
    ["0 0 * * +", false, 'day-of-week "+" is empty after +'],
    ["@reboot", false, 'unknown nickname "@reboot"'],
    ["0 0 1 1 * 2026", false, "got 6"],
  ];
  for (const [pattern, withSeconds, reason] of cases) {
    it(`${pattern}${withSeconds ? " (withSeconds)" : ""}`, () => {
      const error = errorOf(() => cronJob(pattern, { withSeconds }));
      expect(error.code).toBe("CronJobParse");
      expect(error.message).toContain(JSON.stringify(pattern));
      expect(error.message).toContain(reason);
      expect(error.cause).toBeInstanceOf(SyntaxError);
    });
  }

  it("a pattern that never fires is CronJobInvalid", () => {
    for (const [pattern, withSeconds] of [["0 0 31 2 *", false], ["0 0 30 2 *", false], ["0 0 0 30 2 *", true], ["0 0 31 4,6,9,11 *", false], ["0 0 30W 2 *", false]] as const) {
      const error = errorOf(() => cronJob(pattern, { withSeconds }));
      expect(error.code).toBe("CronJobInvalid");
      expect(error.message).toContain("never fires");
    }
  });
});

describe("cron syntax errors stay short, whatever the input", () => {
  const MB = 1_000_000;
  const cases: Array<[string, string, string]> = [
    ["a 1 MB number in minute", `${"1".repeat(MB)} * * * *`, 'minute "1111'],
    ["a 1 MB bad item in hour", `0 ${"x".repeat(MB)} * * *`, 'hour "xxxx'],
    ["a 1 MB step in day-of-month", `0 0 */${"9".repeat(MB)} * *`, 'day-of-month "*/999'],
    ["a 1 MB bad item after good ones in day-of-week", `0 0 * * 1,2,${"#".repeat(MB)}`, 'day-of-week "####'],
    ["a 1 MB nickname", `@${"d".repeat(MB)}`, 'unknown nickname "@ddd'],
  ];
  for (const [what, pattern, shown] of cases) {
    it(what, () => {
      const error = errorOf(() => cronJob(pattern));
      expect(error.code).toBe("CronJobParse");
      expect(error.message).toContain(shown);
      expect(error.message.length).toBeLessThan(400);
      expect((error.cause as Error).message.length).toBeLessThan(250);
    });
  }

  it("a 1 MB time-zone prefix is WithLocationInvalid, briefly", () => {
    const error = errorOf(() => cronJob(`CRON_TZ=Europe/${"z".repeat(MB)} 0 0 * * *`));
    expect(error.code).toBe("WithLocationInvalid");
    expect(error.message.length).toBeLessThan(200);
  });
});

describe("cron syntax croner 11 reads, read the same way", () => {
  it("steps: */s, a-b/s and a/s (to the top of the field, as robfig and gocron)", () => {
    expect(utc("10-40/10 * * * *", "2026-01-01T00:00:00Z", 5)).toEqual(["2026-01-01T00:10:00Z", "2026-01-01T00:20:00Z", "2026-01-01T00:30:00Z", "2026-01-01T00:40:00Z", "2026-01-01T01:10:00Z"]);
    expect(utc("5/15 * * * *", "2026-01-01T00:00:00Z", 5)).toEqual(["2026-01-01T00:05:00Z", "2026-01-01T00:20:00Z", "2026-01-01T00:35:00Z", "2026-01-01T00:50:00Z", "2026-01-01T01:05:00Z"]);
    expect(utc("0 0 1 */5 *", "2026-01-01T00:00:00Z", 3)).toEqual(["2026-06-01T00:00:00Z", "2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z"]);
    expect(utc("*/20 * * * * *", "2026-01-01T00:00:00Z", 3, true)).toEqual(["2026-01-01T00:00:20Z", "2026-01-01T00:00:40Z", "2026-01-01T00:01:00Z"]);
  });

  it("names in any case, weekday 7 and ranges ending on SUN", () => {
    expect(utc("0 0 * * 7", "2026-01-01T00:00:00Z", 1)).toEqual(["2026-01-04T00:00:00Z"]);
    expect(utc("0 0 * * fri-SUN", "2026-01-01T00:00:00Z", 4)).toEqual(["2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z", "2026-01-09T00:00:00Z"]);
    expect(utc("0 0 1 feb,Dec *", "2026-01-01T00:00:00Z", 2)).toEqual(["2026-02-01T00:00:00Z", "2026-12-01T00:00:00Z"]);
  });

  it("L, LW, W, #, nL", () => {
    expect(utc("0 0 L * *", "2026-01-01T00:00:00Z", 2)).toEqual(["2026-01-31T00:00:00Z", "2026-02-28T00:00:00Z"]);
    // 2026-01-31 is a Saturday, 2026-05-31 a Sunday.
    expect(utc("0 0 LW 1,5 *", "2026-01-01T00:00:00Z", 2)).toEqual(["2026-01-30T00:00:00Z", "2026-05-29T00:00:00Z"]);
    // 2026-08-01 is a Saturday: 1W moves to Monday the 3rd, not back into July.
    expect(utc("0 0 1W 8 *", "2026-01-01T00:00:00Z", 1)).toEqual(["2026-08-03T00:00:00Z"]);
    // 2026-02-15 is a Sunday: 15W is Monday the 16th.
    expect(utc("0 0 15W 2 *", "2026-01-01T00:00:00Z", 1)).toEqual(["2026-02-16T00:00:00Z"]);
    expect(utc("0 0 * * 5#2", "2026-01-01T00:00:00Z", 2)).toEqual(["2026-01-09T00:00:00Z", "2026-02-13T00:00:00Z"]);
    expect(utc("0 0 * * 5L", "2026-01-01T00:00:00Z", 2)).toEqual(["2026-01-30T00:00:00Z", "2026-02-27T00:00:00Z"]);
    expect(utc("0 0 * * FRI#L", "2026-01-01T00:00:00Z", 1)).toEqual(["2026-01-30T00:00:00Z"]);
  });

  it("day-of-month OR day-of-week; a + asks for both; ? is *", () => {
    expect(utc("0 0 13 * 5", "2026-01-01T00:00:00Z", 3)).toEqual(["2026-01-02T00:00:00Z", "2026-01-09T00:00:00Z", "2026-01-13T00:00:00Z"]);
    expect(utc("0 0 13 * +5", "2026-01-01T00:00:00Z", 2)).toEqual(["2026-02-13T00:00:00Z", "2026-03-13T00:00:00Z"]);
    expect(utc("0 0 ? * 5", "2026-01-01T00:00:00Z", 2)).toEqual(["2026-01-02T00:00:00Z", "2026-01-09T00:00:00Z"]);
  });

  it("leap days, whitespace and nicknames", () => {
    expect(utc("0 0 29 2 *", "2026-01-01T00:00:00Z", 2)).toEqual(["2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"]);
    expect(utc("0 0 29 2 *", "2096-03-01T00:00:00Z", 1)).toEqual(["2104-02-29T00:00:00Z"]);
    expect(utc("  0\t12  * *   * ", "2026-01-01T00:00:00Z", 1)).toEqual(["2026-01-01T12:00:00Z"]);
    expect(utc("@weekly", "2026-01-01T00:00:00Z", 1)).toEqual(["2026-01-04T00:00:00Z"]);
    expect(utc("@ANNUALLY", "2026-01-01T00:00:00Z", 1)).toEqual(["2027-01-01T00:00:00Z"]);
    expect(utc("@monthly", "2026-01-01T00:00:00Z", 1, true)).toEqual(["2026-02-01T00:00:00Z"]);
  });
});
