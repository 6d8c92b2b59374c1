import { describe, expect, it } from "vitest";
import { durationJob } from "../../src/definitions/duration.ts";
import { FakeClock } from "../../src/fake-clock.ts";
import type { SchedulerOptions } from "../../src/options.ts";
import { Scheduler } from "../../src/scheduler.ts";
import { SchedulerError } from "../../src/errors.ts";
import { T0, codeOf } from "./helpers.ts";

const MAX_TIMER_MS = 2 ** 31 - 1;

/** A FakeClock with Node's setTimeout overflow: a delay above 2^31-1 ms fires after 1 ms. */
class NodeLikeClock extends FakeClock {
  readonly delays: number[] = [];
  override setTimer(callback: () => void, delayMs: number): unknown {
    this.delays.push(delayMs);
    return super.setTimer(callback, delayMs > MAX_TIMER_MS ? 1 : delayMs);
  }
}

describe("no timer the core arms overflows (issue 10, item 8)", () => {
  it("stopTimeout 2**31 waits 2**31 ms, not 2 ms", async () => {
    const clock = new NodeLikeClock(T0);
    const scheduler = new Scheduler({ clock, timeZone: "UTC", stopTimeout: 2 ** 31 });
    scheduler.newJob(durationJob(1000), () => new Promise<void>(() => {})); // never settles
    scheduler.start();
    await clock.advance(1000);
    let outcome: unknown = "pending";
    scheduler.stopJobs().then(() => (outcome = "resolved"), (error: unknown) => (outcome = error));
    await clock.advance(1000);
    expect(outcome).toBe("pending");
    await clock.advance(2 ** 31 - 1001);
    expect(outcome).toBe("pending");
    await clock.advance(1);
    expect(outcome).toBeInstanceOf(SchedulerError);
    expect((outcome as SchedulerError).code).toBe("StopJobsTimedOut");
    expect(Math.max(...clock.delays)).toBeLessThanOrEqual(MAX_TIMER_MS);
  });

  it("stopJobs still resolves as soon as the tasks end", async () => {
    const clock = new NodeLikeClock(T0);
    const scheduler = new Scheduler({ clock, timeZone: "UTC", stopTimeout: 1e12 });
    scheduler.newJob(durationJob(1000), ({ signal }) => new Promise<void>((resolve) => signal.addEventListener("abort", () => setTimeout(resolve, 0))));
    scheduler.start();
    await clock.advance(1000);
    await scheduler.stopJobs();
    expect(clock.pendingTimers()).toBe(0);
  });

  const ttls: Array<[string, unknown, string]> = [
    ["2**31", 2 ** 31, "WithOptionInvalid"],
    ["2**33", 2 ** 33, "WithOptionInvalid"],
    ["1.5", 1.5, "WithOptionInvalid"],
    ["0", 0, "WithOptionInvalid"],
    ["2**31 - 1", MAX_TIMER_MS, "did not throw"],
    ["1", 1, "did not throw"],
  ];
  for (const [what, ttl, code] of ttls) {
    it(`lockTtlMs ${what} => ${code}`, () => {
      expect(codeOf(() => new Scheduler({ lockTtlMs: ttl } as SchedulerOptions))).toBe(code);
    });
  }
});
