// HostAdminSource's own logic with a stand-in host stub on a FakeClock: timeouts, answers,
// errors, and how its event streams are read, reopened and ended. The real host in workerd
// is in admin-worker.test.ts.
import { describe, expect, test } from "vitest";
import { HostAdminSource } from "../../adapters/cloudflare/index.ts";
import type { EventCursor, SchedulerHostStub } from "../../adapters/cloudflare/index.ts";
import { MAX_EVENT_LINE } from "../../adapters/cloudflare/host-event-reader.ts";
import type { AdminEvent } from "../../adapters/hono/source.ts";
import { SchedulerError } from "../../src/errors.ts";
import { FakeClock } from "../../src/fake-clock.ts";

const T0 = Date.UTC(2026, 0, 1);
const never = (): Promise<never> => new Promise<never>(() => undefined);
const caught = (promise: Promise<unknown>): Promise<any> => promise.catch((e: unknown) => e);
const encoder = new TextEncoder();

/** One event stream the stand-in host handed out: push lines into it, end it, see it cancelled. */
interface FakeStream {
  readonly cursor: EventCursor;
  readonly ms: number;
  readonly id: string;
  push(text: string): void;
  close(): void;
  cancelled: boolean;
}

function fakeHost(overrides: Partial<Record<keyof SchedulerHostStub, (...args: any[]) => Promise<unknown>>> = {}) {
  const calls: string[] = [];
  const streams: FakeStream[] = [];
  /** The ids of the streams the source asked the host to end. */
  const ended: string[] = [];
  let refuse = 0;
  const base: Record<string, (...args: any[]) => Promise<unknown>> = {
    adminJobs: async () => [],
    adminJob: async () => null,
    adminRun: async () => true,
    pauseJob: async () => true,
    resumeJob: async () => true,
    adminEventsEnd: async (id: string) => {
      ended.push(id);
      return true;
    },
    adminEvents: async (cursor: EventCursor, ms: number, id: string) => {
      if (refuse > 0) {
        refuse--;
        throw new SchedulerError("HostAdminFailed", "adminEvents: 32 event streams are open already");
      }
      let controller!: ReadableStreamDefaultController<Uint8Array>;
      const record: FakeStream = {
        cursor, ms, id, cancelled: false,
        push: (text) => controller.enqueue(encoder.encode(text)),
        close: () => controller.close(),
      };
      streams.push(record);
      return new ReadableStream<Uint8Array>({ start: (c) => void (controller = c), cancel: () => void (record.cancelled = true) });
    },
    ...overrides,
  };
  const host = Object.fromEntries(Object.entries(base).map(([name, fn]) => [name, (...args: unknown[]) => {
    calls.push(name);
    return fn(...args);
  }])) as unknown as SchedulerHostStub;
  const names: string[] = [];
  const namespace = { getByName: (name: string) => (names.push(name), host) };
  return { host, namespace, names, calls, streams, ended, refuseNext: (n: number) => void (refuse = n) };
}

const event = (at: number, type = "paused"): AdminEvent => ({ type: "paused", jobId: "j", name: "j", at, ...(type === "paused" ? {} : { type }) }) as AdminEvent;
const line = (seq: number, at: number, instance = "i-1"): string => `${JSON.stringify({ instance, seq, event: event(at) })}\n`;

describe("HostAdminSource", () => {
  test("bad options throw HostAdminOptionsInvalid", () => {
    const { namespace } = fakeHost();
    const bad = [
      undefined, null, {}, { namespace: null }, { namespace: "SCHEDULER" }, { namespace: {} }, { namespace, name: "" }, { namespace, name: 7 },
      { namespace, name: "x".repeat(257) }, { namespace, timeoutMs: 0 }, { namespace, timeoutMs: 60_001 },
      { namespace, streamMs: 999 }, { namespace, streamMs: 15 * 60_000 + 1 }, { namespace, streamMs: "300000" }, { namespace, onError: "log" },
      { namespace, clock: { now: () => 0 } },
    ];
    for (const options of bad) {
      expect(() => new HostAdminSource(options as never), JSON.stringify(options)).toThrowError(
        expect.objectContaining({ code: "HostAdminOptionsInvalid" }) as never,
      );
    }
    expect(() => new HostAdminSource({ namespace, timeoutMs: 60_000, streamMs: 1_000 })).not.toThrow();
  });

  test("each method calls its RPC method with the id and passes the answer on", async () => {
    const job = { id: "a", name: "a", history: [] };
    const { namespace, names, calls } = fakeHost({ adminJobs: async () => [job], adminJob: async (id) => (id === "a" ? job : null), adminRun: async (id) => id === "a" });
    const source = new HostAdminSource({ namespace });
    expect(await source.listJobs()).toEqual([job]);
    expect(await source.getJob("a")).toEqual(job);
    expect(await source.getJob("b")).toBeNull();
    expect(await source.runJob("a")).toBe(true);
    expect(await source.runJob("b")).toBe(false);
    expect(await source.pauseJob("a")).toBe(true);
    expect(await source.resumeJob("a")).toBe(true);
    expect(calls).toEqual(["adminJobs", "adminJob", "adminJob", "adminRun", "adminRun", "pauseJob", "resumeJob"]);
    // A stub per call (a stub belongs to the request that made it), of the host named "main".
    expect(names).toEqual(Array(7).fill("main"));
    await new HostAdminSource({ namespace, name: "other" }).listJobs();
    expect(names.at(-1)).toBe("other");
  });

  test("no answer within timeoutMs rejects with HostAdminFailed; so does a throwing host or a malformed answer", async () => {
    const clock = new FakeClock(T0);
    const { namespace } = fakeHost({
      adminJobs: never,
      adminJob: async () => {
        throw new Error("SchedulerError: [isocron] JobNotFound: inner");
      },
      adminRun: async () => "yes",
      pauseJob: async () => {
        throw new Error("Durable Object reset because its code was updated.");
      },
    });
    const source = new HostAdminSource({ namespace, timeoutMs: 2_000, clock });
    const listed = caught(source.listJobs());
    await clock.advance(1_999);
    expect(await Promise.race([listed, "pending"])).toBe("pending");
    await clock.advance(1);
    const error = await listed;
    expect(error).toBeInstanceOf(SchedulerError);
    expect([error.code, error.message]).toEqual(["HostAdminFailed", "[isocron] HostAdminFailed: HostAdminSource: adminJobs failed: no answer within 2000 ms"]);
    expect((await caught(source.getJob("x"))).message).toBe("[isocron] HostAdminFailed: HostAdminSource: adminJob failed: JobNotFound: inner");
    expect((await caught(source.runJob("x"))).message).toBe("[isocron] HostAdminFailed: HostAdminSource: adminRun failed: the host gave a malformed answer");
    // Of an error not our own, only its name: its message may carry anything (it stays the cause).
    const reset = await caught(source.pauseJob("x"));
    expect(reset.message).toBe("[isocron] HostAdminFailed: HostAdminSource: pauseJob failed: the host threw Error");
    expect(reset.cause.message).toBe("Durable Object reset because its code was updated.");
    expect(clock.pendingTimers()).toBe(0);
  });

  test("events: the first stream starts at subscribe time; each line reaches the listener; the next stream goes on from the last seen", async () => {
    const clock = new FakeClock(T0);
    const { namespace, streams, ended } = fakeHost();
    const source = new HostAdminSource({ namespace, clock, streamMs: 60_000 });
    const seen: AdminEvent[] = [];
    const stop = source.subscribe((e) => void seen.push(e));
    await clock.flush();
    expect(streams.map((s) => [s.cursor, s.ms])).toEqual([[{ since: T0 }, 60_000]]);
    // Split across chunks, two in one chunk.
    const two = line(1, T0 + 5) + line(2, T0 + 6);
    streams[0]!.push(two.slice(0, 10));
    streams[0]!.push(two.slice(10));
    await clock.flush();
    expect(seen).toEqual([event(T0 + 5), event(T0 + 6)]);
    // Ended by the host after at least 1 s: reopened at once, from seq 2 of that instance.
    await clock.advance(60_000);
    streams[0]!.close();
    await clock.flush();
    expect(streams.map((s) => s.cursor)).toEqual([{ since: T0 }, { since: T0 + 6, instance: "i-1", seq: 2 }]);
    // Each stream has its own id; one the host ended is not ended again.
    expect(streams[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(streams[1]!.id).not.toBe(streams[0]!.id);
    expect(ended).toEqual([]);
    // Unsubscribing cancels the stream and tells the host to end it by its id.
    stop();
    await clock.flush();
    expect(streams[1]!.cancelled).toBe(true);
    expect(ended).toEqual([streams[1]!.id]);
    await clock.advance(120_000);
    expect(streams).toHaveLength(2);
    expect(clock.pendingTimers()).toBe(0);
  });

  test("events: failures back off 1 s, 2 s, 4 s and are reported to onError; a stream that opens resets it", async () => {
    const clock = new FakeClock(T0);
    const { namespace, calls, streams, refuseNext } = fakeHost();
    const errors: SchedulerError[] = [];
    const source = new HostAdminSource({ namespace, clock, onError: (e) => void errors.push(e) });
    refuseNext(3);
    const stop = source.subscribe(() => undefined);
    const opens = (): number => calls.filter((c) => c === "adminEvents").length;
    await clock.flush();
    expect(opens()).toBe(1);
    for (const [wait, total] of [[999, 1], [1, 2], [1_999, 2], [1, 3], [3_999, 3], [1, 4]] as const) {
      await clock.advance(wait);
      expect(opens(), `after ${wait} ms more`).toBe(total);
    }
    expect(errors.map((e) => [e.code, e.message])).toEqual(Array(3).fill(["HostAdminFailed", "[isocron] HostAdminFailed: HostAdminSource: adminEvents failed: HostAdminFailed: adminEvents: 32 event streams are open already"]));
    expect(streams).toHaveLength(1);
    // A stream that ends at once is reopened no sooner than 1 s after it was opened.
    streams[0]!.close();
    await clock.advance(999);
    expect(opens()).toBe(4);
    await clock.advance(1);
    expect(opens()).toBe(5);
    stop();
  });

  test("events: a malformed or overlong line breaks the stream off (cancelled, reported) and it is reopened; a throwing listener does not", async () => {
    const clock = new FakeClock(T0);
    const { namespace, streams, ended } = fakeHost();
    const errors: string[] = [];
    const seen: number[] = [];
    const source = new HostAdminSource({ namespace, clock, onError: (e) => void errors.push(e.message) });
    const stop = source.subscribe((e) => {
      seen.push(e.at);
      throw new Error("listener failed");
    });
    await clock.flush();
    streams[0]!.push(line(1, T0 + 1));
    streams[0]!.push(`${JSON.stringify({ instance: "i-1", seq: 2, event: { type: "paused" } })}\n`);
    await clock.flush();
    expect(streams[0]!.cancelled).toBe(true);
    expect(seen).toEqual([T0 + 1]);
    await clock.advance(1_000);
    expect(streams).toHaveLength(2);
    streams[1]!.push("x".repeat(MAX_EVENT_LINE + 1));
    await clock.flush();
    expect(streams[1]!.cancelled).toBe(true);
    expect(errors).toEqual([
      "[isocron] HostAdminFailed: HostAdminSource: adminEvents failed: the stream broke off: malformed event line",
      "[isocron] HostAdminFailed: HostAdminSource: adminEvents failed: the stream broke off: event line too long",
    ]);
    expect(ended).toEqual([streams[0]!.id, streams[1]!.id]);
    stop();
  });

  test("events: a stream the host does not end within streamMs + timeoutMs is cancelled and reopened; one arriving after the timeout is cancelled", async () => {
    const clock = new FakeClock(T0);
    let slow = true;
    const late: FakeStream[] = [];
    const base = fakeHost();
    const { namespace, streams } = fakeHost({
      adminEventsEnd: (id) => base.host.adminEventsEnd(id),
      adminEvents: async (cursor, ms, id) => {
        if (!slow) return base.host.adminEvents(cursor, ms, id);
        slow = false;
        await new Promise<void>((resolve) => clock.setTimer(resolve, 3_000));
        const stream = await base.host.adminEvents(cursor, ms, id);
        late.push(base.streams[0]!);
        return stream;
      },
    });
    void streams;
    const source = new HostAdminSource({ namespace, clock, timeoutMs: 2_000, streamMs: 10_000 });
    const stop = source.subscribe(() => undefined);
    await clock.advance(2_000); // the first open timed out: backoff 1 s
    await clock.advance(1_000); // the late stream arrives; the second open succeeds
    expect(late).toHaveLength(1);
    expect(late[0]!.cancelled).toBe(true);
    expect(base.streams).toHaveLength(2);
    await clock.advance(11_999);
    expect(base.streams[1]!.cancelled).toBe(false);
    await clock.advance(1);
    expect(base.streams[1]!.cancelled).toBe(true);
    await clock.flush();
    expect(base.streams).toHaveLength(3);
    // Both given up on: the host is told to end them, by their ids.
    expect(base.ended).toEqual([late[0]!.id, base.streams[1]!.id]);
    stop();
  });
});
