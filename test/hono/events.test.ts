import { describe, expect, it } from "vitest";
import { adminApp } from "../../adapters/hono/index.ts";
import type { AdminEvent } from "../../adapters/hono/index.ts";
import { STREAM_BUFFER } from "../../adapters/hono/events.ts";
import { durationJob } from "../../src/definitions/duration.ts";
import { FakeClock } from "../../src/fake-clock.ts";
import type { Locker } from "../../src/distributed.ts";
import { BEARER, T0, TOKEN, fakeSource, json, quietLogger, setup } from "./helpers.ts";
import { SseReader } from "./sse.ts";

/** Opens the event stream of `call`'s app. */
async function open(call: (path: string, init?: RequestInit) => Promise<Response>): Promise<SseReader> {
  const res = await call("/api/events");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/event-stream");
  expect(res.headers.get("cache-control")).toBe("no-cache");
  const sse = new SseReader(res);
  expect(await sse.next()).toEqual({ comment: "isocron events" });
  return sse;
}

const paused = (at: number): AdminEvent => ({ type: "paused", jobId: "j", name: "j", at });

describe("GET /api/events", () => {
  it("a run: started then finished, with run id, scheduled time, attempt and duration", async () => {
    const { clock, scheduler, call } = setup();
    scheduler.newJob(durationJob(1000), () => new Promise<void>((done) => clock.setTimer(done, 250)), { name: "j", id: "j-id" });
    const sse = await open(call);
    scheduler.start();
    await clock.advance(1250);
    expect(await sse.events(2)).toEqual([
      { event: "started", data: { type: "started", jobId: "j-id", name: "j", at: T0 + 1000, runId: `j@${T0 + 1000}`, scheduledAt: T0 + 1000, attempt: 1 } },
      { event: "finished", data: { type: "finished", jobId: "j-id", name: "j", at: T0 + 1250, runId: `j@${T0 + 1000}`, scheduledAt: T0 + 1000, durationMs: 250 } },
    ]);
    await sse.cancel();
    await scheduler.shutdown();
  });

  it("a failure carries the error's name, message and code, never a stack; a runNow run has its own id", async () => {
    const { clock, scheduler, call } = setup();
    scheduler.newJob(durationJob(60_000), () => {
      const error = Object.assign(new RangeError("quota exceeded for token=abc123"), { code: "E_QUOTA" });
      throw error;
    }, { name: "j", id: "j" });
    const sse = await open(call);
    expect((await call("/api/jobs/j/run", { method: "POST" })).status).toBe(202);
    await clock.advance(0);
    const [started, failed] = await sse.events(2);
    expect(started?.event).toBe("started");
    const runId = (started?.data as { runId: string }).runId;
    expect(runId).toMatch(/^j@runNow-[0-9a-f-]{36}$/);
    expect(failed).toEqual({
      event: "failed",
      data: {
        type: "failed", jobId: "j", name: "j", at: T0, runId, scheduledAt: T0, durationMs: 0,
        error: { name: "RangeError", message: "quota exceeded for token=***", code: "E_QUOTA" },
      },
    });
    expect(JSON.stringify(failed)).not.toContain("stack");
    await sse.cancel();
    await scheduler.shutdown();
  });

  it("a skip is sent with its reason; a locked skip (routine on a fleet) is not", async () => {
    let lockFree = false;
    const locker: Locker = { lock: async () => (lockFree ? { unlock: async () => {} } : null) };
    const { clock, scheduler, call } = setup();
    let release!: () => void;
    scheduler.newJob(durationJob(1000), () => new Promise<void>((r) => (release = r)), { name: "s", id: "s", singletonMode: "reschedule" });
    scheduler.newJob(durationJob(1000), () => {}, { name: "l", id: "l", locker });
    const sse = await open(call);
    scheduler.start();
    await clock.advance(2000);
    const events = await sse.events(2);
    expect(events).toEqual([
      { event: "started", data: expect.objectContaining({ type: "started", jobId: "s", at: T0 + 1000 }) },
      { event: "skipped", data: { type: "skipped", jobId: "s", name: "s", at: T0 + 2000, scheduledAt: T0 + 2000, reason: "singleton" } },
    ]);
    lockFree = true;
    release();
    await clock.advance(1000);
    // The next events are s finishing and both jobs running at 3000: nothing from l's locked skips before.
    const next = await sse.events(2);
    expect(next.map((e) => `${e.event}:${(e.data as { jobId: string }).jobId}`)).toEqual(["finished:s", "started:s"]);
    expect((await sse.events(1))[0]).toMatchObject({ event: "started", data: { jobId: "l", at: T0 + 3000 } });
    release();
    await sse.cancel();
    await scheduler.shutdown();
  });

  it("a notLeader skip is not sent either", async () => {
    const reasons: string[] = [];
    const monitor = { jobSkipped: (_job: unknown, reason: string) => void reasons.push(reason) };
    const { clock, scheduler, call } = setup({}, { elector: { isLeader: async () => false }, monitor });
    scheduler.newJob(durationJob(1000), () => {}, { name: "j", id: "j" });
    const sse = await open(call);
    scheduler.start();
    await clock.advance(3000);
    expect(reasons).toEqual(["notLeader", "notLeader", "notLeader"]);
    await call("/api/jobs/j/pause", { method: "POST" });
    // Three occurrences skipped as notLeader, none sent: the next event is the pause.
    expect(await sse.events(1)).toEqual([{ event: "paused", data: { type: "paused", jobId: "j", name: "j", at: T0 + 3000 } }]);
    await sse.cancel();
    await scheduler.shutdown();
  });

  it("pause and resume (through the API), registration and removal, in order", async () => {
    const { clock, scheduler, call } = setup();
    const sse = await open(call);
    scheduler.newJob(durationJob(1000), () => {}, { name: "j", id: "j" });
    await clock.advance(500);
    await call("/api/jobs/j/pause", { method: "POST" });
    await clock.advance(500);
    await call("/api/jobs/j/resume", { method: "POST" });
    scheduler.removeJob("j");
    expect(await sse.events(4)).toEqual([
      { event: "registered", data: { type: "registered", jobId: "j", name: "j", at: T0 } },
      { event: "paused", data: { type: "paused", jobId: "j", name: "j", at: T0 + 500 } },
      { event: "resumed", data: { type: "resumed", jobId: "j", name: "j", at: T0 + 1000 } },
      { event: "removed", data: { type: "removed", jobId: "j", name: "j", at: T0 + 1000 } },
    ]);
    await sse.cancel();
    await scheduler.shutdown();
  });

  it("a keep-alive comment every 15 s by default", async () => {
    const { clock, scheduler, call } = setup();
    const sse = await open(call);
    await clock.advance(14_999);
    scheduler.newJob(durationJob(60_000), () => {}, { name: "j", id: "j" });
    expect(await sse.next()).toMatchObject({ event: "registered" });
    await clock.advance(1);
    expect(await sse.next()).toEqual({ comment: "keep-alive" });
    await clock.advance(15_000);
    expect(await sse.next()).toEqual({ comment: "keep-alive" });
    await sse.cancel();
    await scheduler.shutdown();
  });

  it("keepAliveMs sets the interval: with 1000, a comment at 1 s and 2 s, none before", async () => {
    const { clock, scheduler, call } = setup({ keepAliveMs: 1_000 });
    const sse = await open(call);
    await clock.advance(999);
    scheduler.newJob(durationJob(60_000), () => {}, { name: "j", id: "j" });
    expect(await sse.next()).toMatchObject({ event: "registered" }); // nothing came before it
    await clock.advance(1);
    expect(await sse.next()).toEqual({ comment: "keep-alive" });
    await clock.advance(1_000);
    expect(await sse.next()).toEqual({ comment: "keep-alive" });
    await sse.cancel();
    await scheduler.shutdown();
  });

  it("the client going unsubscribes the stream and stops its keep-alive timer", async () => {
    const clock = new FakeClock(T0);
    const { source, emit, subscribed } = fakeSource();
    const app = adminApp(source, { token: TOKEN, clock, logger: quietLogger().logger });
    const call = (path: string) => Promise.resolve(app.request(path, { headers: BEARER }));
    const sse = await open(call);
    expect(subscribed()).toBe(1);
    emit(paused(T0));
    expect(await sse.events(1)).toEqual([{ event: "paused", data: paused(T0) }]);
    await sse.cancel();
    await clock.advance(0);
    expect(subscribed()).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("at most maxStreams at once: one more is a 429 AdminStreamsFull; a closed one frees its place", async () => {
    const clock = new FakeClock(T0);
    const { source } = fakeSource();
    const app = adminApp(source, { token: TOKEN, clock, maxStreams: 2, logger: quietLogger().logger });
    const call = (path: string) => Promise.resolve(app.request(path, { headers: BEARER }));
    const a = await open(call);
    const b = await open(call);
    const full = await call("/api/events");
    expect(full.status).toBe(429);
    expect(full.headers.get("retry-after")).toBe("5");
    expect(await json(full)).toEqual({
      error: "2 event streams are open, the most this server allows (maxStreams); try again later", code: "AdminStreamsFull",
    });
    await a.cancel();
    await clock.advance(0);
    const c = await open(call);
    await b.cancel();
    await c.cancel();
  });

  it("a client that does not read is cut off past the buffer, unsubscribed and logged: memory stays bounded", async () => {
    const clock = new FakeClock(T0);
    const { source, emit, subscribed } = fakeSource();
    const { logger, lines } = quietLogger();
    const app = adminApp(source, { token: TOKEN, clock, logger });
    const res = await app.request("/api/events", { headers: BEARER });
    // Never read: every event waits in the stream's queue.
    for (let i = 0; i <= STREAM_BUFFER + 10; i++) emit(paused(T0 + i));
    expect(subscribed()).toBe(0);
    expect(lines).toEqual([`[isocron] admin: an event stream fell ${STREAM_BUFFER} events behind and was closed`]);
    const sse = new SseReader(res);
    expect(await sse.ended()).toBe(true);
  });

  it("a source whose subscribe throws: the stream ends at once, logged, and frees its place", async () => {
    const clock = new FakeClock(T0);
    const { source } = fakeSource();
    const { logger, lines } = quietLogger();
    const app = adminApp({ ...source, subscribe: () => { throw new Error("DO unreachable"); } }, { token: TOKEN, clock, logger, maxStreams: 1 });
    for (let i = 0; i < 3; i++) {
      const res = await app.request("/api/events", { headers: BEARER });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe("");
    }
    expect(lines).toEqual(Array(3).fill("[isocron] admin: subscribing to the job source failed"));
    expect(clock.pendingTimers()).toBe(0);
  });
});
