import { describe, expect, it } from "vitest";
import { durationJob } from "../../src/definitions/duration.ts";
import { durationRandomJob } from "../../src/definitions/duration-random.ts";
import { codeOf } from "../scheduler/helpers.ts";

const MAX_DATE_MS = 8.64e15;

describe("durations are whole milliseconds from 1 to 8.64e15 (issue 10, items 3 and 4)", () => {
  // These froze the process before: a next run equal to the current one.
  const invalid: Array<[string, unknown]> = [
    ["1e-4", 1e-4],
    ["Number.MIN_VALUE", Number.MIN_VALUE],
    ["0.5", 0.5],
    ["1000.5", 1000.5],
    ["2**53", 2 ** 53],
    ["1e308", 1e308],
    ["Number.MAX_VALUE", Number.MAX_VALUE],
    ["8.64e15 + 1", MAX_DATE_MS + 1],
    ["a string", "1000"],
    ["a BigInt", 1000n],
    ["NaN", Number.NaN],
  ];
  for (const [what, value] of invalid) {
    it(`durationJob(${what}) => DurationJobIntervalInvalid`, () => {
      expect(codeOf(() => durationJob(value as number))).toBe("DurationJobIntervalInvalid");
    });
  }

  it("-0 is zero, -1 negative; 1 and 8.64e15 are accepted", () => {
    expect(codeOf(() => durationJob(-0))).toBe("DurationJobIntervalZero");
    expect(codeOf(() => durationJob(-1))).toBe("DurationJobIntervalNegative");
    expect(codeOf(() => durationJob(1))).toBe("did not throw");
    expect(codeOf(() => durationJob(MAX_DATE_MS))).toBe("did not throw");
  });

  it("the message says whole milliseconds and names the value", () => {
    expect(() => durationJob(0.5)).toThrow(/intervalMs must be an integer from 1 to 8640000000000000, got 0\.5/);
  });

  const randomInvalid: Array<[string, unknown, unknown]> = [
    ["0.1, 0.4", 0.1, 0.4],
    ["1, 1.5", 1, 1.5],
    ["Number.MIN_VALUE, 1", Number.MIN_VALUE, 1],
    ["1, 2**53", 1, 2 ** 53],
    ["1e308, 1e308", 1e308, 1e308],
    ["-0, 5", -0, 5],
  ];
  for (const [what, min, max] of randomInvalid) {
    it(`durationRandomJob(${what}) => DurationRandomJobPositive`, () => {
      expect(codeOf(() => durationRandomJob(min as number, max as number))).toBe("DurationRandomJobPositive");
    });
  }

  it("a duration schedule has no next run past the Date range, never an instant beyond it", () => {
    const schedule = durationJob(1000).compile({ timeZone: "UTC", dstPolicy: "shift", now: 0, anchor: 0 });
    expect(schedule.next(MAX_DATE_MS - 1000)).toBe(MAX_DATE_MS);
    expect(schedule.next(MAX_DATE_MS - 1)).toBe(MAX_DATE_MS);
    expect(schedule.next(MAX_DATE_MS)).toBeNull();
    expect(schedule.afterCompletion?.(MAX_DATE_MS - 999)).toBeNull();
  });

  it("the next run is strictly later even with anchor and instant at opposite ends of the Date range", () => {
    const schedule = durationJob(1).compile({ timeZone: "UTC", dstPolicy: "shift", now: -MAX_DATE_MS, anchor: -MAX_DATE_MS });
    for (const after of [MAX_DATE_MS - 10, 2 ** 52 + 1, 4e15 + 3]) {
      const next = schedule.next(after) as number;
      expect(next).toBeGreaterThan(after);
      expect(next - after).toBeLessThanOrEqual(2);
    }
  });

  it("a random wait is a whole number of ms within [min, max], never 0", () => {
    let draw = 0;
    const draws = [0, 0.999999, 0.5];
    const schedule = durationRandomJob(1, 3).compile({
      timeZone: "UTC", dstPolicy: "shift", now: 0, anchor: 0, random: () => draws[draw++ % 3] as number,
    });
    expect([schedule.next(100), schedule.next(100), schedule.next(100)]).toEqual([101, 103, 102]);
    expect(schedule.next(MAX_DATE_MS)).toBeNull();
  });
});
