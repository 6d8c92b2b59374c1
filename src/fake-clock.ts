import { bad, instant } from "./check.ts";
import type { Clock } from "./clock.ts";

interface FakeTimer {
  at: number;
  seq: number;
  callback: () => void;
}

/** Epoch ms of a valid Date or number within the Date range; else `WithClockInvalid`. */
function instantOf(value: unknown, what: string): number {
  return instant(value, "WithClockInvalid", what, true);
}

/** Lets every pending promise callback and microtask run before the next fake timer fires. */
function settle(): Promise<void> {
  if (typeof MessageChannel === "function") {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * A clock that only moves when told to, for deterministic tests. `advance(ms)` fires due
 * timers in order, letting promises settle between them, so a task that awaits finishes
 * before the next timer fires.
 *
 * @example
 * const clock = new FakeClock(new Date("2026-01-01T00:00:00Z"));
 * const scheduler = new Scheduler({ clock });
 * await clock.advance(60_000);
 */
export class FakeClock implements Clock {
  #now: number;
  #timers = new Map<number, FakeTimer>();
  #seq = 0;

  /** `start`: a valid Date or epoch ms within the Date range, else `WithClockInvalid`. */
  constructor(start: Date | number = 0) {
    this.#now = instantOf(start, "FakeClock's start");
  }

  now(): number {
    return this.#now;
  }

  setTimer(callback: () => void, delayMs: number): unknown {
    const id = ++this.#seq;
    const delay = Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
    this.#timers.set(id, { at: this.#now + delay, seq: id, callback });
    return id;
  }

  clearTimer(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  /** Number of armed timers (the scheduler keeps at most one). */
  pendingTimers(): number {
    return this.#timers.size;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way, in order. */
  async advance(ms: number): Promise<void> {
    if (typeof ms !== "number" || !(ms >= 0 && ms < Infinity)) bad("WithClockInvalid", "FakeClock.advance(ms)", "a finite number >= 0", ms);
    await this.#runUntil(instantOf(this.#now + ms, "FakeClock.advance's end"));
  }

  /** Moves time to `instant` (never backwards: a past instant fires what is due now). */
  async set(to: Date | number): Promise<void> {
    const target = instantOf(to, "FakeClock.set(to)");
    await this.#runUntil(Math.max(target, this.#now));
  }

  /**
   * Jumps to `instant` without firing timers on the way, like a machine waking from sleep
   * whose timers are late; they fire at the next `advance`.
   */
  jump(to: Date | number): void {
    this.#now = instantOf(to, "FakeClock.jump(to)");
  }

  /** Lets pending promises settle without moving time. */
  async flush(): Promise<void> {
    await this.#runUntil(this.#now);
  }

  async #runUntil(target: number): Promise<void> {
    await settle();
    for (;;) {
      const next = this.#earliest();
      if (next === undefined || next.at > target) break;
      this.#timers.delete(next.seq);
      if (next.at > this.#now) this.#now = next.at;
      next.callback();
      await settle();
    }
    this.#now = target;
    await settle();
  }

  #earliest(): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const timer of this.#timers.values()) {
      if (best === undefined || timer.at < best.at || (timer.at === best.at && timer.seq < best.seq)) best = timer;
    }
    return best;
  }
}
