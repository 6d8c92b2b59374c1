import { describe, expect, it } from "vitest";
import { FakeClock } from "../../src/fake-clock.ts";
import { FINAL_WAIT, MAX_TIMER_WAIT, TimerDriver } from "../../src/timer-driver.ts";

const T0 = Date.UTC(2026, 0, 1);

function driver(): { clock: FakeClock; fired: number[]; timer: TimerDriver } {
  const clock = new FakeClock(T0);
  const fired: number[] = [];
  const timer = new TimerDriver(clock, () => fired.push(clock.now() - T0));
  return { clock, fired, timer };
}

describe("TimerDriver", () => {
  it("ends a long wait early and finishes it with a short one, firing once at the due instant", async () => {
    const { clock, fired, timer } = driver();
    timer.arm(T0 + 1000);
    await clock.advance(1000 - FINAL_WAIT); // the long wait is over: a short one is armed
    expect(fired).toEqual([]);
    expect(clock.pendingTimers()).toBe(1);
    await clock.advance(FINAL_WAIT - 1);
    expect(fired).toEqual([]);
    await clock.advance(1);
    expect(fired).toEqual([1000]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("arms a short wait as it is, and fires a past due instant at once", async () => {
    const { clock, fired, timer } = driver();
    timer.arm(T0 + 2 * FINAL_WAIT);
    await clock.advance(2 * FINAL_WAIT - 1);
    expect(fired).toEqual([]);
    await clock.advance(1);
    timer.arm(T0 - 50);
    await clock.advance(0);
    expect(fired).toEqual([2 * FINAL_WAIT, 2 * FINAL_WAIT]);
  });

  it("re-reads the clock at least every MAX_TIMER_WAIT and is a no-op when re-armed for the same instant", async () => {
    const { clock, fired, timer } = driver();
    const due = T0 + 3 * MAX_TIMER_WAIT + 123;
    timer.arm(due);
    timer.arm(due);
    expect(clock.pendingTimers()).toBe(1);
    await clock.advance(3 * MAX_TIMER_WAIT + 122);
    expect(fired).toEqual([]);
    await clock.advance(1);
    expect(fired).toEqual([3 * MAX_TIMER_WAIT + 123]);
  });

  it("clear() cancels the wait, also after it switched to the short timer", async () => {
    const { clock, fired, timer } = driver();
    timer.arm(T0 + 1000);
    await clock.advance(1000 - FINAL_WAIT + 1);
    timer.clear();
    await clock.advance(10_000);
    expect(fired).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
  });
});
