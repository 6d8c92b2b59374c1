import { describe, expect, it } from "vitest";
import { durationJob } from "../../src/definitions/duration.ts";
import { SchedulerError, show } from "../../src/errors.ts";
import type { Monitor } from "../../src/monitor.ts";
import type { JobOptions, SchedulerOptions } from "../../src/options.ts";
import { FakeClock } from "../../src/fake-clock.ts";
import { Scheduler } from "../../src/scheduler.ts";
import { T0, codeOf, setup } from "./helpers.ts";

const noop = (): void => {};

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

const throwing = new Proxy({}, { get: () => { throw new TypeError("trap"); }, ownKeys: () => { throw new TypeError("trap"); } });

describe("newJob never throws yet leaves the job registered (issue 10, item 7)", () => {
  const signals: Array<[string, () => unknown]> = [
    ["a plain object with aborted", () => ({ aborted: false })],
    ["an object with throwing addEventListener", () => ({ aborted: false, addEventListener() { throw new Error("no"); }, removeEventListener() {} })],
    ["an EventTarget that is not an AbortSignal", () => Object.assign(new EventTarget(), { aborted: false })],
    ["a revoked Proxy", revoked],
    ["a Proxy whose traps throw", () => throwing],
  ];
  for (const [what, make] of signals) {
    it(`signal: ${what} => WithOptionInvalid, no job, nothing runs`, async () => {
      const { clock, scheduler } = setup();
      let runs = 0;
      scheduler.start();
      expect(codeOf(() => scheduler.newJob(durationJob(1000), () => void runs++, { signal: make() as AbortSignal }))).toBe("WithOptionInvalid");
      expect(scheduler.jobs()).toEqual([]);
      await clock.advance(3000);
      expect(runs).toBe(0);
      await scheduler.shutdown();
    });
  }

  it("update() with a bad signal leaves the old job in place and running", async () => {
    const { clock, scheduler } = setup();
    let oldRuns = 0;
    const job = scheduler.newJob(durationJob(1000), () => void oldRuns++, { name: "old" });
    scheduler.start();
    const bad = { aborted: false, addEventListener() { throw new Error("no"); }, removeEventListener() {} };
    expect(codeOf(() => scheduler.update(job.id, durationJob(500), noop, { name: "new", signal: bad as unknown as AbortSignal }))).toBe("WithOptionInvalid");
    await clock.advance(2000);
    expect(scheduler.jobs().map((j) => j.name)).toEqual(["old"]);
    expect(oldRuns).toBe(2);
    await scheduler.shutdown();
  });

  it("a real AbortSignal still removes its job when aborted", async () => {
    const { clock, scheduler } = setup();
    const controller = new AbortController();
    let runs = 0;
    scheduler.newJob(durationJob(1000), () => void runs++, { signal: controller.signal });
    scheduler.start();
    await clock.advance(1000);
    controller.abort();
    await clock.advance(2000);
    expect(runs).toBe(1);
    expect(scheduler.jobs()).toEqual([]);
  });

  it("a monitor whose hook getters throw is logged; the job is registered once and runs", async () => {
    const errors: string[] = [];
    const monitor = new Proxy({} as Monitor, { get: (_t, key) => { throw new Error(`getter ${String(key)}`); } });
    const { clock, scheduler } = setup({ monitor, logger: { debug() {}, info() {}, warn() {}, error: (m) => void errors.push(m) } });
    let runs = 0;
    const job = scheduler.newJob(durationJob(1000), () => void runs++, { name: "j" });
    scheduler.start();
    await clock.advance(2000);
    expect(scheduler.jobs()).toEqual([job]);
    expect(runs).toBe(2);
    expect(errors).toContain("[isocron] monitor.jobRegistered threw");
    await scheduler.shutdown();
  });

  it("listeners are read once: a getter that throws later never reaches a run", async () => {
    let reads = 0;
    const on = {
      get afterRun() {
        if (++reads > 1) throw new Error("second read");
        return noop;
      },
    };
    const { clock, scheduler } = setup();
    let runs = 0;
    scheduler.newJob(durationJob(1000), () => void runs++, { on });
    scheduler.start();
    await clock.advance(3000);
    expect(runs).toBe(3);
    expect(reads).toBe(1);
    await scheduler.shutdown();
  });

  it("listeners keep their object as `this`", async () => {
    const seen: string[] = [];
    class Listeners {
      prefix(): string {
        return "after:";
      }
      afterRun(job: { name: string }): void {
        seen.push(this.prefix() + job.name);
      }
    }
    const { clock, scheduler } = setup();
    scheduler.newJob(durationJob(1000), noop, { name: "j", on: new Listeners() });
    scheduler.start();
    await clock.advance(1000);
    expect(seen).toEqual(["after:j"]);
    await scheduler.shutdown();
  });

  it("a task whose result has a throwing then getter (or is a revoked Proxy) fails its run; the scheduler goes on", async () => {
    const failures: string[] = [];
    const { clock, scheduler } = setup({ monitor: { jobFailed: (job, error) => void failures.push(`${job.name}:${(error as Error).message}`) } });
    const hostile = { get then(): never { throw new Error("then getter"); } };
    scheduler.newJob(durationJob(1000), () => hostile, { name: "getter" });
    scheduler.newJob(durationJob(1000), () => revoked(), { name: "revoked" });
    let runs = 0;
    scheduler.newJob(durationJob(1000), () => void runs++);
    scheduler.start();
    await clock.advance(2000);
    expect(runs).toBe(2);
    expect(failures.filter((f) => f.startsWith("getter:"))).toEqual(["getter:then getter", "getter:then getter"]);
    expect(failures.filter((f) => f.startsWith("revoked:"))).toHaveLength(2);
    await scheduler.shutdown();
  });

  it("a logger that throws never stops the scheduler", async () => {
    const bomb = (): never => { throw new Error("logger down"); };
    const { clock, scheduler } = setup({ logger: { debug: bomb, info: bomb, warn: bomb, error: bomb } });
    let runs = 0;
    scheduler.newJob({ type: "duration", compile: () => ({ next: () => { throw new Error("bad"); }, description: { type: "duration", intervalMs: 1 } }) }, noop);
    scheduler.newJob(durationJob(1000), () => void runs++);
    scheduler.start();
    await clock.advance(3000);
    expect(runs).toBe(3);
    await scheduler.shutdown();
  });
});

describe("each bad input is a SchedulerError, never a raw TypeError or RangeError (issue 10, item 15)", () => {
  const options: Array<[string, unknown, string]> = [
    ["stateStore: null", { stateStore: null }, "WithOptionInvalid"],
    ["clock: null", { clock: null }, "WithClockInvalid"],
    ["clock: 5", { clock: 5 }, "WithClockInvalid"],
    ["logger: null", { logger: null }, "WithOptionInvalid"],
    ["monitor: null", { monitor: null }, "WithOptionInvalid"],
    ["monitor: a string", { monitor: "x" }, "WithOptionInvalid"],
    ["globalJobOptions: null", { globalJobOptions: null }, "WithOptionInvalid"],
    ["limitConcurrentJobs: null", { limitConcurrentJobs: null }, "WithOptionInvalid"],
    ["timeZone: null", { timeZone: null }, "WithLocationInvalid"],
    ["timeZone: 1 MB", { timeZone: "x".repeat(1 << 20) }, "WithLocationInvalid"],
    ["options a throwing Proxy", throwing, "WithOptionInvalid"],
    ["options a revoked Proxy", revoked(), "WithOptionInvalid"],
    ["a throwing getter", { get clock(): never { throw new Error("getter"); } }, "WithOptionInvalid"],
    ["clock a revoked Proxy", { clock: revoked() }, "WithOptionInvalid"],
    ["logger a throwing Proxy", { logger: throwing }, "WithOptionInvalid"],
    ["stateStore a throwing Proxy", { stateStore: throwing }, "WithOptionInvalid"],
  ];
  for (const [what, value, code] of options) {
    it(`new Scheduler(${what}) => ${code}`, () => {
      expect(codeOf(() => new Scheduler(value as SchedulerOptions))).toBe(code);
    });
  }

  const counts: Array<[string, unknown]> = [
    ["Symbol()", Symbol("n")], ["10n", 10n], ["-1", -1], ["1e9", 1e9], ["1.5", 1.5], ["NaN", Number.NaN], ["'3'", "3"], ["1001", 1001],
  ];
  for (const [what, count] of counts) {
    it(`job.nextRuns(${what}) => JobNextRunsCountInvalid`, async () => {
      const { scheduler } = setup();
      const job = scheduler.newJob(durationJob(1000), noop);
      scheduler.start();
      expect(codeOf(() => job.nextRuns(count as number))).toBe("JobNextRunsCountInvalid");
      await scheduler.shutdown();
    });
  }

  it("nextRuns(0) is empty and nextRuns(1000) gives 1,000 instants", async () => {
    const { scheduler } = setup();
    const job = scheduler.newJob(durationJob(1000), noop);
    scheduler.start();
    expect(job.nextRuns(0)).toEqual([]);
    const runs = job.nextRuns(1000);
    expect(runs).toHaveLength(1000);
    expect(runs[999]?.getTime()).toBe(T0 + 1000 * 1000);
    await scheduler.shutdown();
  });

  it("tags with holes or non-strings => WithTagsInvalid", () => {
    const { scheduler } = setup();
    // eslint-disable-next-line no-sparse-arrays
    expect(codeOf(() => scheduler.newJob(durationJob(1000), noop, { tags: ["a", , "b"] as string[] }))).toBe("WithTagsInvalid");
    expect(codeOf(() => scheduler.newJob(durationJob(1000), noop, { tags: new Array(5) as string[] }))).toBe("WithTagsInvalid");
    expect(codeOf(() => scheduler.newJob(durationJob(1000), noop, { tags: revoked() as string[] }))).toBe("WithOptionInvalid");
    expect(scheduler.jobs()).toEqual([]);
  });

  const jobOptions: Array<[string, unknown]> = [
    ["a throwing Proxy", throwing],
    ["a revoked Proxy", revoked()],
    ["a throwing getter", { get name(): never { throw new Error("getter"); } }],
    ["on: a throwing Proxy", { on: throwing }],
    ["startAt: a revoked Proxy", { startAt: revoked() }],
    ["startAt: a Proxy of a Date", { startAt: new Proxy(new Date(T0 + 5000), {}) }],
  ];
  for (const [what, value] of jobOptions) {
    it(`newJob options ${what} => a SchedulerError, no job`, () => {
      const { scheduler } = setup();
      let error: unknown;
      try {
        scheduler.newJob(durationJob(1000), noop, value as JobOptions);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SchedulerError);
      expect(scheduler.jobs()).toEqual([]);
      expect(codeOf(() => scheduler.update("x", durationJob(1000), noop, value as JobOptions))).toMatch(/^(JobNotFound|WithOptionInvalid|WithStartAtInvalid|WithNameEmpty)$/);
    });
  }

  it("a definition whose compile getter or compile() throws a TypeError => NewJobDefinitionInvalid", () => {
    const { scheduler } = setup();
    expect(codeOf(() => scheduler.newJob(throwing as never, noop))).toBe("NewJobDefinitionInvalid");
    expect(codeOf(() => scheduler.newJob({ type: "duration", compile: () => { throw new TypeError("x"); } }, noop))).toBe("NewJobDefinitionInvalid");
    expect(codeOf(() => scheduler.newJob({ type: "duration", compile: () => null as never }, noop))).toBe("NewJobDefinitionInvalid");
    expect(scheduler.jobs()).toEqual([]);
  });

  it("a task that is a revoked Proxy of a function is accepted; its runs fail, the scheduler goes on", async () => {
    const { proxy, revoke } = Proxy.revocable(() => {}, {});
    revoke();
    const { clock, scheduler } = setup();
    const job = scheduler.newJob(durationJob(1000), proxy);
    expect(job.name).toBe(job.id);
    scheduler.start();
    await clock.advance(2000);
    expect(job.lastRun()?.getTime()).toBe(T0 + 2000);
    await scheduler.shutdown();
  });

  it("after shutdown(), removeJob() and removeByTags() throw SchedulerShutdown", async () => {
    const { scheduler } = setup();
    const job = scheduler.newJob(durationJob(1000), noop, { tags: ["t"] });
    await scheduler.shutdown();
    expect(codeOf(() => scheduler.removeJob(job.id))).toBe("SchedulerShutdown");
    expect(codeOf(() => scheduler.removeByTags("t"))).toBe("SchedulerShutdown");
  });
});

describe("FakeClock takes only instants a Date can hold", () => {
  it("bad instants are WithClockInvalid, not a TypeError, and never move the clock", async () => {
    for (const bad of [Number.NaN, 8.64e15 + 1, 1e308, new Date(Number.NaN), "2026", 10n, new Proxy(new Date(0), {}), revoked()]) {
      expect(codeOf(() => new FakeClock(bad as number))).toBe("WithClockInvalid");
      const clock = new FakeClock(T0);
      expect(codeOf(() => clock.jump(bad as number))).toBe("WithClockInvalid");
      await expect(clock.set(bad as number)).rejects.toMatchObject({ code: "WithClockInvalid" });
      expect(clock.now()).toBe(T0);
    }
    const clock = new FakeClock(T0);
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, 1e308, "5"]) {
      await expect(clock.advance(bad as number)).rejects.toMatchObject({ code: "WithClockInvalid" });
    }
    expect(clock.now()).toBe(T0);
  });
});

describe("messages stay short whatever they echo (issue 10, item 12)", () => {
  it("100,000 bad tags make a short message", () => {
    const { scheduler } = setup();
    const tags = Array.from({ length: 100_000 }, (_, i) => i);
    let message = "";
    try {
      scheduler.newJob(durationJob(1000), noop, { tags: tags as unknown as string[] });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("tags[0] must be a string, got 0");
    expect(message.length).toBeLessThan(200);
  });

  it("show() cuts arrays to 5 items and 300 characters, strings to 80", () => {
    expect(show([1, 2, 3, 4, 5, 6, 7])).toBe("[1, 2, 3, 4, 5, ... 2 more]");
    expect(show(Array.from({ length: 100_000 }, () => "x".repeat(1000))).length).toBeLessThanOrEqual(300);
    expect(show("y".repeat(1 << 20))).toBe(JSON.stringify(`${"y".repeat(77)}...`));
    expect(show(new Array(1e9))).toBe("[<hole>, <hole>, <hole>, <hole>, <hole>, ... 999999995 more]");
    expect(show([[1, 2], { a: 1 }])).toBe("[an array, an object]");
  });

  it("show() never throws: Symbols, BigInts, Proxies, revoked Proxies, throwing getters, odd Dates", () => {
    expect(show(Symbol("s"))).toBe("a Symbol");
    expect(show(10n)).toBe("10n");
    expect(show(-0)).toBe("0");
    expect(show(revoked())).toBe("an unreadable value");
    expect(show(throwing)).toBe("an object");
    expect(show([revoked()])).toBe("an unreadable value");
    expect(show(new Proxy([1, 2], { get: () => { throw new Error("x"); } }))).toBe("an unreadable value");
    expect(show(new Proxy(new Date(0), {}))).toBe("an unreadable value");
    expect(show(new Date(Number.NaN))).toBe("Invalid Date");
    expect(show(new Date(0))).toBe("1970-01-01T00:00:00.000Z");
    const date = new Date(0);
    Object.defineProperty(date, "toISOString", { value: () => { throw new Error("x"); } });
    expect(show(date)).toBe("1970-01-01T00:00:00.000Z");
  });
});
