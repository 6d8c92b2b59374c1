// The host's event fan-out (HostEvents) on a FakeClock: what a stream replays, how its buffer
// and its life are bounded. Over RPC in workerd: admin-host.test.ts.
import { describe, expect, test } from "vitest";
import { checkStreamArgs, HostEvents, MAX_EVENT_STREAMS, MAX_QUEUED_EVENTS, REPLAY_EVENTS } from "../../adapters/cloudflare/host-events.ts";
import type { AdminEvent } from "../../adapters/hono/source.ts";
import { FakeClock } from "../../src/fake-clock.ts";

const T0 = Date.UTC(2026, 0, 1);
const paused = (at: number): AdminEvent => ({ type: "paused", jobId: "j", name: "j", at });

/** Every line the stream gives until it ends (it must end: the reads are not bounded in time). */
async function drain(stream: ReadableStream<Uint8Array>): Promise<any[]> {
  const text = await new Response(stream).text();
  return text.split("\n").filter(Boolean).map((line) => JSON.parse(line));
}

describe("HostEvents", () => {
  test("a stream gets the kept events from its cursor on, then the new ones, numbered per instance", async () => {
    const clock = new FakeClock(T0);
    const events = new HostEvents(clock);
    events.publish(paused(T0 + 1));
    events.publish(paused(T0 + 2));
    events.publish(paused(T0 + 3));
    const bySince = events.open({ since: T0 + 2 }, 1_000, "s1");
    const bySeq = events.open({ since: 0, instance: events.instance, seq: 1 }, 1_000, "s2");
    const otherInstance = events.open({ since: T0 + 3, instance: "an-older-instance", seq: 99 }, 1_000, "s3");
    events.publish(paused(T0 + 4));
    await clock.advance(1_000);
    const I = events.instance;
    expect(await drain(bySince)).toEqual([2, 3, 4].map((n) => ({ instance: I, seq: n, event: paused(T0 + n) })));
    expect((await drain(bySeq)).map((l) => l.seq)).toEqual([2, 3, 4]);
    expect((await drain(otherInstance)).map((l) => l.seq)).toEqual([3, 4]);
    expect(events.streams).toBe(0);
  });

  test(`at most ${REPLAY_EVENTS} events are kept for replay`, async () => {
    const clock = new FakeClock(T0);
    const events = new HostEvents(clock);
    for (let i = 1; i <= REPLAY_EVENTS + 10; i++) events.publish(paused(T0 + i));
    const stream = events.open({ since: 0 }, 1_000, "s4");
    await clock.advance(1_000);
    const seqs = (await drain(stream)).map((l) => l.seq);
    expect(seqs).toEqual(Array.from({ length: REPLAY_EVENTS }, (_, i) => i + 11));
  });

  test(`a stream ends after its lifetime, exactly; one cancelled or closed by its id ends at once`, async () => {
    const clock = new FakeClock(T0);
    const events = new HostEvents(clock);
    const ending = events.open({ since: T0 }, 5_000, "s5");
    const cancelled = events.open({ since: T0 }, 5_000, "s6");
    const closed = events.open({ since: T0 }, 5_000, "s7");
    expect(events.streams).toBe(3);
    await cancelled.cancel();
    expect(events.streams).toBe(2);
    expect(events.close("s7")).toBe(true);
    expect(events.close("s7")).toBe(false);
    expect(events.close("s6")).toBe(false);
    expect(events.streams).toBe(1);
    expect(await drain(closed)).toEqual([]);
    await clock.advance(4_999);
    expect(events.streams).toBe(1);
    await clock.advance(1);
    expect(events.streams).toBe(0);
    expect(await drain(ending)).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
  });

  test(`a reader that leaves ${MAX_QUEUED_EVENTS} events unread has its stream closed; the others go on`, async () => {
    const clock = new FakeClock(T0);
    const events = new HostEvents(clock);
    const slow = events.open({ since: T0 }, 60_000, "s9");
    const fast = events.open({ since: T0 }, 60_000, "s8");
    const reader = fast.getReader();
    let read = 0;
    for (let i = 1; i <= MAX_QUEUED_EVENTS + 1; i++) {
      events.publish(paused(T0 + i));
      if (!(await reader.read()).done) read++;
    }
    expect(read).toBe(MAX_QUEUED_EVENTS + 1);
    expect(events.streams).toBe(1);
    const lines = await drain(slow);
    expect(lines).toHaveLength(MAX_QUEUED_EVENTS);
    expect(lines.at(-1).seq).toBe(MAX_QUEUED_EVENTS);
    await reader.cancel();
    expect(events.streams).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  test(`at most ${MAX_EVENT_STREAMS} streams are open at once; the next is refused with HostAdminFailed`, async () => {
    const events = new HostEvents(new FakeClock(T0));
    const open = Array.from({ length: MAX_EVENT_STREAMS }, (_, i) => events.open({ since: T0 }, 1_000, `m${i}`));
    expect(() => events.open({ since: T0 }, 1_000, "s10")).toThrowError(expect.objectContaining({
      code: "HostAdminFailed", message: `[isocron] HostAdminFailed: adminEvents: ${MAX_EVENT_STREAMS} event streams are open already`,
    }) as never);
    await open[0]!.cancel();
    expect(() => events.open({ since: T0 }, 1_000, "m1")).toThrowError(expect.objectContaining({
      code: "HostAdminFailed", message: '[isocron] HostAdminFailed: adminEvents: a stream named "m1" is open already',
    }) as never);
    expect(() => events.open({ since: T0 }, 1_000, "s11")).not.toThrow();
  });

  test("the arguments of an adminEvents call are checked: HostAdminOptionsInvalid", () => {
    const bad: Array<[unknown, unknown, unknown]> = [
      [null, 1_000, "a"], ["since", 1_000, "a"], [{}, 1_000, "a"], [{ since: Number.NaN }, 1_000, "a"], [{ since: 0, instance: 7 }, 1_000, "a"],
      [{ since: 0, instance: "x".repeat(65) }, 1_000, "a"], [{ since: 0, seq: 1.5 }, 1_000, "a"], [{ since: 0 }, 999, "a"],
      [{ since: 0 }, 15 * 60_000 + 1, "a"], [{ since: 0 }, "1000", "a"], [{ since: 0 }, undefined, "a"],
      [{ since: 0 }, 1_000, undefined], [{ since: 0 }, 1_000, ""], [{ since: 0 }, 1_000, "a b"], [{ since: 0 }, 1_000, "x".repeat(65)],
    ];
    for (const [cursor, ms, id] of bad) {
      expect(() => checkStreamArgs(cursor, ms, id), JSON.stringify([cursor, ms, id])).toThrowError(
        expect.objectContaining({ code: "HostAdminOptionsInvalid" }) as never,
      );
    }
    expect(checkStreamArgs({ since: 5, instance: "i", seq: 3, extra: true }, 1_000, "A-1")).toEqual({
      cursor: { since: 5, instance: "i", seq: 3 }, ms: 1_000, id: "A-1",
    });
  });
});
