import { describe, expect, it } from "vitest";
import { cronJob } from "../../src/definitions/cron.ts";
import { durationJob } from "../../src/definitions/duration.ts";
import { durationRandomJob } from "../../src/definitions/duration-random.ts";
import { oneTimeJob } from "../../src/definitions/one-time.ts";
import { SchedulerError } from "../../src/errors.ts";
import type { JobOptions, SchedulerOptions } from "../../src/options.ts";
import { Scheduler } from "../../src/scheduler.ts";
import { T0, codeOf, setup } from "./helpers.ts";

const noop = (): void => {};
const past = new Date(T0 - 1);
const future = new Date(T0 + 60_000);

describe("new Scheduler rejects bad options", () => {
  const cases: Array<[string, unknown, string]> = [
    ["unknown time zone", { timeZone: "Mars/Olympus" }, "WithLocationInvalid"],
    ["stopTimeout 0", { stopTimeout: 0 }, "WithStopTimeoutZeroOrNegative"],
    ["stopTimeout negative", { stopTimeout: -5 }, "WithStopTimeoutZeroOrNegative"],
    ["stopTimeout NaN", { stopTimeout: Number.NaN }, "WithStopTimeoutZeroOrNegative"],
    ["limit 0", { limitConcurrentJobs: { limit: 0 } }, "WithLimitConcurrentJobsZero"],
    ["limit 1.5", { limitConcurrentJobs: { limit: 1.5 } }, "WithLimitConcurrentJobsZero"],
    ["limit mode", { limitConcurrentJobs: { limit: 1, mode: "queue" } }, "WithOptionInvalid"],
    ["clock", { clock: { now: () => 0 } }, "WithClockInvalid"],
    ["elector", { elector: {} }, "WithElectorInvalid"],
    ["locker", { locker: { lock: 1 } }, "WithLockerInvalid"],
    ["dstPolicy", { dstPolicy: "later" }, "WithDstPolicyInvalid"],
    ["lockTtlMs", { lockTtlMs: 0 }, "WithOptionInvalid"],
    ["logger", { logger: { info() {} } }, "WithOptionInvalid"],
    ["unknown key", { timezone: "UTC" }, "WithOptionInvalid"],
    ["unknown global job option", { globalJobOptions: { nmae: "x" } }, "WithOptionInvalid"],
  ];
  for (const [what, options, code] of cases) {
    it(`${what} => ${code}`, () => {
      expect(codeOf(() => new Scheduler(options as SchedulerOptions))).toBe(code);
    });
  }

  it("messages name the bad value", () => {
    expect(() => new Scheduler({ timeZone: "Mars/Olympus" })).toThrow(/"Mars\/Olympus"/);
    expect(() => new Scheduler({ stopTimeout: -5 })).toThrow(/-5/);
  });
});

describe("newJob rejects bad input when the job is created", () => {
  const definitions: Array<[string, () => unknown, string]> = [
    ["duration 0", () => durationJob(0), "DurationJobIntervalZero"],
    ["duration negative", () => durationJob(-1), "DurationJobIntervalNegative"],
    ["duration NaN", () => durationJob(Number.NaN), "DurationJobIntervalInvalid"],
    ["duration Infinity", () => durationJob(Number.POSITIVE_INFINITY), "DurationJobIntervalInvalid"],
    ["random min 0", () => durationRandomJob(0, 5), "DurationRandomJobPositive"],
    ["random min > max", () => durationRandomJob(10, 5), "DurationRandomJobMinMax"],
    ["random Infinity", () => durationRandomJob(1, Number.POSITIVE_INFINITY), "DurationRandomJobPositive"],
    ["cron syntax", () => cronJob("61 * * * *"), "CronJobParse"],
    ["cron never fires", () => cronJob("0 0 31 2 *"), "CronJobInvalid"],
    ["one-time empty", () => oneTimeJob([]), "OneTimeJobStartDateTimeInvalid"],
    ["one-time invalid date", () => oneTimeJob(new Date("nope")), "OneTimeJobStartDateTimeInvalid"],
  ];
  for (const [what, make, code] of definitions) {
    it(`${what} => ${code}`, () => {
      const { scheduler } = setup();
      expect(codeOf(() => scheduler.newJob(make() as never, noop))).toBe(code);
    });
  }

  it("one-time instants all in the past => OneTimeJobStartDateTimePast", () => {
    const { scheduler } = setup();
    expect(codeOf(() => scheduler.newJob(oneTimeJob([past, new Date(T0 - 5000)]), noop))).toBe("OneTimeJobStartDateTimePast");
  });

  it("definition and task", () => {
    const { scheduler } = setup();
    expect(codeOf(() => scheduler.newJob({} as never, noop))).toBe("NewJobDefinitionInvalid");
    expect(codeOf(() => scheduler.newJob(durationJob(1), undefined as never))).toBe("NewJobTaskNil");
    expect(codeOf(() => scheduler.newJob(durationJob(1), null as never))).toBe("NewJobTaskNil");
    expect(codeOf(() => scheduler.newJob(durationJob(1), "run" as never))).toBe("NewJobTaskNotFunc");
  });

  const options: Array<[string, JobOptions | unknown, string]> = [
    ["empty name", { name: "" }, "WithNameEmpty"],
    ["blank name", { name: "  " }, "WithNameEmpty"],
    ["empty id", { id: "" }, "WithIdentifierNil"],
    ["tags not strings", { tags: [1] }, "WithTagsInvalid"],
    ["limitedRuns 0", { limitedRuns: 0 }, "WithLimitedRunsZero"],
    ["limitedRuns -1", { limitedRuns: -1 }, "WithLimitedRunsZero"],
    ["singletonMode", { singletonMode: "queue" }, "WithSingletonModeInvalid"],
    ["startAt past", { startAt: past }, "WithStartDateTimePast"],
    ["startAt junk", { startAt: "soon" }, "WithStartAtInvalid"],
    ["startAt invalid date", { startAt: new Date("x") }, "WithStartAtInvalid"],
    ["stopAt past", { stopAt: past }, "WithStopDateTimePast"],
    ["stopAt before startAt", { startAt: new Date(T0 + 2000), stopAt: new Date(T0 + 1000) }, "StopTimeEarlierThanStartTime"],
    ["missedRuns", { missedRuns: "all" }, "WithMissedRunsInvalid"],
    ["listener not a function", { on: { afterRun: 1 } }, "WithOptionInvalid"],
    ["unknown listener", { on: { afterrun: noop } }, "WithOptionInvalid"],
    ["unknown option", { singleton: true }, "WithOptionInvalid"],
    ["locker without lock()", { name: "x", locker: {} }, "WithLockerInvalid"],
    ["unnamed job with a locker", { locker: { lock: async () => null } }, "LockerNeedsName"],
  ];
  for (const [what, opts, code] of options) {
    it(`${what} => ${code}`, () => {
      const { scheduler } = setup();
      expect(codeOf(() => scheduler.newJob(durationJob(1000), noop, opts as JobOptions))).toBe(code);
    });
  }

  it("intervalFromCompletion on a cron job is rejected", () => {
    const { scheduler } = setup();
    expect(codeOf(() => scheduler.newJob(cronJob("* * * * *"), noop, { intervalFromCompletion: true }))).toBe("WithOptionInvalid");
  });

  it("a stateStore needs named jobs", () => {
    const { scheduler } = setup({ stateStore: { load: async () => undefined, save: async () => {} } });
    expect(codeOf(() => scheduler.newJob(durationJob(1000), noop))).toBe("StateStoreNeedsName");
  });

  it("errors are SchedulerError instances with code, name and a message that says what was wrong", () => {
    const { scheduler } = setup();
    try {
      scheduler.newJob(durationJob(1000), noop, { limitedRuns: 0 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SchedulerError);
      expect(error).toBeInstanceOf(Error);
      expect((error as SchedulerError).name).toBe("SchedulerError");
      expect((error as SchedulerError).message).toBe("[isocron] WithLimitedRunsZero: limitedRuns must be an integer >= 1, got 0");
    }
  });

  it("a valid stopAt and startAt pair is accepted", () => {
    const { scheduler } = setup();
    expect(scheduler.newJob(durationJob(1000), noop, { startAt: new Date(T0 + 1000), stopAt: future }).nextRun()).toBe(null);
  });
});
