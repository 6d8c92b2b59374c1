import { afterEach, describe, expect, it, vi } from "vitest";
import { durationJob } from "../../src/definitions/duration.ts";
import type { SchedulerError } from "../../src/errors.ts";
import { FakeClock } from "../../src/fake-clock.ts";
import { Scheduler } from "../../src/scheduler.ts";
import type { Monitor } from "../../src/monitor.ts";
import type { JobOptions, TaskContext } from "../../src/options.ts";
import { retryDelay } from "../../src/run.ts";
import { T0, setup } from "../scheduler/helpers.ts";

afterEach(() => vi.restoreAllMocks());

/** A monitor logging attempts, retries and the listeners, as "what@ms since T0". */
function watch(clock: FakeClock): { monitor: Monitor; log: string[]; on: JobOptions["on"] } {
  const log: string[] = [];
  const at = (): number => clock.now() - T0;
  return {
    log,
    monitor: {
      jobStarted: (_j, i) => log.push(`start@${at()}`),
      jobFailed: () => log.push(`failed@${at()}`),
      jobCompleted: () => log.push(`ok@${at()}`),
      jobRetrying: (_j, _e, i) => log.push(`retry#${i.attempt}+${i.delayMs}@${at()}:${i.scheduledAt.getTime() - T0}`),
      jobSkipped: (_j, reason, i) => log.push(`skip:${reason}:${i.scheduledAt.getTime() - T0}@${at()}`),
    },
    on: { afterRun: () => void log.push(`afterRun@${at()}`), afterRunError: () => void log.push(`afterRunError@${at()}`) },
  };
}

/** Starts of each attempt as "ms since T0 #attempt runId-suffix". */
function failing(clock: FakeClock, starts: string[], failUntil = Infinity) {
  return (c: TaskContext) => {
    starts.push(`${clock.now() - T0}#${c.attempt}:${c.runId.slice(c.runId.indexOf("@") + 1) === String(c.scheduledAt.getTime())}`);
    if (c.attempt < failUntil) throw new Error(`boom ${c.attempt}`);
  };
}

describe("retry backoff", () => {
  it("exponential (the default): 1000, 2000, 4000, 8000 after each failed attempt; afterRunError once, after the last", async () => {
    const clock = new FakeClock(T0);
    const w = watch(clock);
    const scheduler = new Scheduler({ clock, timeZone: "UTC", monitor: w.monitor });
    const starts: string[] = [];
    const job = scheduler.newJob(durationJob(100_000), failing(clock, starts), { name: "a", limitedRuns: 1, retry: { attempts: 5, jitter: false }, on: w.on });
    scheduler.start();
    await clock.advance(200_000);
    expect(starts).toEqual(["100000#1:true", "101000#2:true", "103000#3:true", "107000#4:true", "115000#5:true"]);
    expect(w.log.filter((e) => e.startsWith("retry"))).toEqual([
      "retry#2+1000@100000:100000", "retry#3+2000@101000:100000", "retry#4+4000@103000:100000", "retry#5+8000@107000:100000",
    ]);
    expect(w.log.filter((e) => e.startsWith("failed"))).toHaveLength(5);
    expect(w.log.filter((e) => e.startsWith("after"))).toEqual(["afterRunError@115000"]);
    expect(job.history()).toEqual([{
      runId: `a@${T0 + 100_000}`, scheduledAt: T0 + 100_000, startedAt: T0 + 100_000, endedAt: T0 + 115_000, durationMs: 15_000,
      outcome: "error", attempts: 5, error: { name: "Error", message: "boom 5" }, instanceId: scheduler.instanceId,
    }]);
    await scheduler.shutdown();
  });

  it("fixed and capped sequences, at exact instants", async () => {
    for (const [retry, expected] of [
      [{ attempts: 4, delayMs: 500, backoff: "fixed", jitter: false }, ["1000#1", "1500#2", "2000#3", "2500#4"]],
      [{ attempts: 6, delayMs: 1000, maxDelayMs: 3000, jitter: false }, ["1000#1", "2000#2", "4000#3", "7000#4", "10000#5", "13000#6"]],
      [{ attempts: 3, delayMs: 0, jitter: false }, ["1000#1", "1000#2", "1000#3"]],
    ] as const) {
      const { clock, scheduler } = setup();
      const starts: string[] = [];
      scheduler.newJob(durationJob(1000), (c: TaskContext) => {
        starts.push(`${clock.now() - T0}#${c.attempt}`);
        throw new Error("no");
      }, { name: "a", limitedRuns: 1, retry });
      scheduler.start();
      await clock.advance(20_000);
      expect(starts).toEqual(expected);
      await scheduler.shutdown();
    }
  });

  it("jitter draws each wait from [delay/2, delay]", async () => {
    const retry = { attempts: 10, delayMs: 1000, fixed: false, maxDelayMs: 3_600_000, jitter: true, when: null };
    expect([1, 2, 3].map((n) => retryDelay(retry, n, () => 0))).toEqual([500, 1000, 2000]);
    expect([1, 2, 3].map((n) => retryDelay(retry, n, () => 0.999_999_9))).toEqual([1000, 2000, 4000]);
    for (let i = 0; i < 1000; i++) {
      const d = retryDelay(retry, 3);
      expect(d).toBeGreaterThanOrEqual(2000);
      expect(d).toBeLessThanOrEqual(4000);
    }
    // Through the scheduler: Math.random drives the draw (jitter is on by default).
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const { clock, scheduler } = setup();
    const starts: number[] = [];
    scheduler.newJob(durationJob(1000), () => {
      starts.push(clock.now() - T0);
      throw new Error("no");
    }, { name: "a", limitedRuns: 1, retry: { attempts: 3, delayMs: 1000 } });
    scheduler.start();
    await clock.advance(10_000);
    expect(starts).toEqual([1000, 1750, 3250]); // 750 = 500 + 0.5 * 500; 1500 = 1000 + 0.5 * 1000
    await scheduler.shutdown();
  });
});

describe("retry semantics", () => {
  it("a success on the 3rd attempt: same scheduledAt and runId, afterRun once, no afterRunError; limitedRuns counts occurrences", async () => {
    const { clock, scheduler } = setup();
    const w = watch(clock);
    const starts: string[] = [];
    const job = scheduler.newJob(durationJob(10_000), failing(clock, starts, 3), { name: "a", limitedRuns: 2, retry: { attempts: 5, delayMs: 100, jitter: false }, on: w.on });
    scheduler.start();
    await clock.advance(30_000);
    expect(starts).toEqual(["10000#1:true", "10100#2:true", "10300#3:true", "20000#1:true", "20100#2:true", "20300#3:true"]);
    expect(w.log).toEqual(["afterRun@10300", "afterRun@20300"]);
    expect(job.history().map((h) => [h.outcome, h.attempts, h.scheduledAt - T0, h.startedAt - T0, h.endedAt - T0])).toEqual([
      ["success", 3, 20_000, 20_000, 20_300], ["success", 3, 10_000, 10_000, 10_300],
    ]);
    expect(scheduler.jobs()).toEqual([]); // limitedRuns 2 reached: removed
  });

  it("a rejection with a falsy value (0, undefined) is a failure, retried like any other", async () => {
    const { clock, scheduler } = setup();
    const w = watch(clock);
    const seen: number[] = [];
    const job = scheduler.newJob(durationJob(10_000), (c: TaskContext) => {
      seen.push(c.attempt);
      return c.attempt === 1 ? Promise.reject(0) : Promise.reject(undefined);
    }, { name: "z", limitedRuns: 1, retry: { attempts: 2, delayMs: 0 }, on: w.on });
    scheduler.start();
    await clock.advance(10_000);
    expect(seen).toEqual([1, 2]);
    expect(w.log).toEqual(["afterRunError@10000"]);
    expect(job.history()[0]).toMatchObject({ outcome: "error", attempts: 2, error: { name: "Error", message: "undefined" } });
    await scheduler.shutdown();
  });

  it("when(error) decides; a when that throws means no retry", async () => {
    const { clock, scheduler } = setup();
    const starts: string[] = [];
    scheduler.newJob(durationJob(10_000), (c: TaskContext) => {
      starts.push(`t${clock.now() - T0}#${c.attempt}`);
      throw Object.assign(new Error("x"), { code: c.attempt === 1 ? "ETIMEDOUT" : "EFATAL" });
    }, { name: "t", limitedRuns: 1, retry: { attempts: 5, delayMs: 100, jitter: false, when: (e) => (e as { code: string }).code === "ETIMEDOUT" } });
    scheduler.newJob(durationJob(10_000), () => {
      starts.push(`w${clock.now() - T0}`);
      throw new Error("y");
    }, { name: "w", limitedRuns: 1, retry: { attempts: 5, when: () => { throw new Error("bad when"); } } });
    scheduler.start();
    await clock.advance(20_000);
    expect(starts).toEqual(["t10000#1", "w10000", "t10100#2"]);
    await scheduler.shutdown();
  });
});

describe("retry with timeoutMs", () => {
  it("a timed-out attempt is retried; the wait counts from the timeout, the next attempt waits for the ignoring task to settle", async () => {
    const { clock, scheduler } = setup();
    const w = watch(clock);
    const log: string[] = [];
    const job = scheduler.newJob(durationJob(100_000), (c: TaskContext) => {
      log.push(`${clock.now() - T0}#${c.attempt}:${c.signal.aborted}`);
      // ignores its signal: attempt 1 takes 2000 ms, later ones 500 ms
      return new Promise<void>((resolve) => clock.setTimer(resolve, c.attempt === 1 ? 2000 : 500));
    }, { name: "a", limitedRuns: 1, timeoutMs: 300, retry: { attempts: 3, delayMs: 1000, backoff: "fixed", jitter: false }, on: w.on });
    scheduler.start();
    await clock.advance(110_000);
    // 1: 100000, times out 100300, still runs to 102000 -> 2 at 102000 (retry due 101300);
    // 2 times out 102300, settles 102500 -> 3 at 103300, times out 103600.
    expect(log).toEqual(["100000#1:false", "102000#2:false", "103300#3:false"]);
    expect(w.log).toEqual(["afterRunError@103600"]);
    const [h] = job.history();
    expect([h?.outcome, h?.attempts, (h?.endedAt ?? 0) - T0, h?.error?.code]).toEqual(["timeout", 3, 103_600, "JobTimedOut"]);
    await clock.advance(1000);
    await scheduler.shutdown();
  });
});

describe("a pending retry is dropped by", () => {
  const cases: Array<[string, (s: ReturnType<typeof setup>["scheduler"], id: string) => unknown]> = [
    ["stopJobs", (s) => s.stopJobs()],
    ["shutdown", (s) => s.shutdown()],
    ["removeJob", (s, id) => s.removeJob(id)],
    ["update", (s, id) => s.update(id, durationJob(100_000), () => {}, { name: "a" })],
    ["pause", (s) => s.jobs()[0]?.pause()],
  ];
  for (const [name, act] of cases) {
    it(name, async () => {
      const { clock, scheduler } = setup();
      const w = watch(clock);
      const starts: string[] = [];
      const job = scheduler.newJob(durationJob(100_000), failing(clock, starts), { name: "a", retry: { attempts: 3, delayMs: 5000, jitter: false }, on: w.on });
      scheduler.start();
      await clock.advance(101_000);
      expect(job.isRunning()).toBe(true); // waiting for its retry
      await act(scheduler, job.id);
      await clock.flush();
      expect(job.isRunning()).toBe(false);
      await clock.advance(10_000);
      expect(starts).toEqual(["100000#1:true"]);
      expect(w.log).toEqual(["afterRunError@101000"]);
      expect(clock.pendingTimers()).toBe(name === "update" ? 1 : 0); // update's new job arms the scheduler's one timer
      await scheduler.shutdown();
    });
  }
});
