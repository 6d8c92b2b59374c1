import { afterEach, describe, expect, test } from "vitest";
import { DurableObjectElector } from "../../adapters/cloudflare/index.ts";
import { SchedulerError } from "../../src/errors.ts";
import { FakeClock } from "../../src/fake-clock.ts";
import { durationJob, Scheduler } from "../../src/index.ts";
import { hostileServers, refusingUrl, until } from "./hostile-server.ts";
import type { HostileServer, Mode } from "./hostile-server.ts";

const TOKEN = "secret-token-5f2e9";
const START = Date.UTC(2026, 0, 1);
const server = hostileServers();

function elector(url: string, clock: FakeClock, extra: Record<string, unknown> = {}): DurableObjectElector {
  return new DurableObjectElector({ url, token: TOKEN, name: "faults", instanceId: "me", ttlMs: 30_000, clock, ...extra });
}

/** Catches at once, so a rejection that comes while the test is busy is never unhandled. */
const caught = (promise: Promise<unknown>): Promise<unknown> => promise.catch((e: unknown) => e);

/** What `promise` settled with, asserted to be an ElectorFailed that shows neither URL nor token. */
async function failure(promise: Promise<unknown>, url: string): Promise<SchedulerError> {
  const error = await caught(promise);
  expect(error).toBeInstanceOf(SchedulerError);
  expect((error as SchedulerError).code).toBe("ElectorFailed");
  expect((error as SchedulerError).message).not.toContain(TOKEN);
  expect((error as SchedulerError).message).not.toContain(url.replace("http://", ""));
  return error as SchedulerError;
}

describe("DurableObjectElector against a hostile server", () => {
  test("a request with no answer is cancelled after timeoutMs (default 5 s) and never reused", async () => {
    const s = await server("hang");
    const clock = new FakeClock(START);
    const e = elector(s.url, clock);
    let settled = false;
    const asked = caught(e.isLeader()).finally(() => { settled = true; });
    await until(() => s.received === 1);
    await clock.advance(4_999);
    expect(settled).toBe(false);
    await clock.advance(1);
    expect((await failure(asked, s.url)).message).toMatch(/acquire of lease "faults" failed: no answer within 5000 ms$/);
    // The request itself was cancelled: the server sees its connection close.
    await until(() => s.open === 0);
    s.mode = "lease";
    expect(await e.isLeader()).toBe(true);
    expect(s.received).toBe(2);
  });

  test("the default timeout is a third of a short TTL; a stalled body counts against it", async () => {
    const s = await server("stall-body");
    const clock = new FakeClock(START);
    const asked = caught(elector(s.url, clock, { ttlMs: 6_000 }).isLeader());
    await until(() => s.received === 1);
    await clock.advance(2_000);
    expect((await failure(asked, s.url)).message).toMatch(/no answer within 2000 ms$/);
    await until(() => s.open === 0);
  });

  test("a refused connection says so, not 'no answer'", async () => {
    const url = await refusingUrl();
    const error = await failure(elector(url, new FakeClock(START)).isLeader(), url);
    expect(error.message).toMatch(/acquire of lease "faults" failed: connection refused$/);
  });

  test("stop() aborts the acquire in flight and settles within timeoutMs against a hanging server", async () => {
    const s = await server("hang");
    const clock = new FakeClock(START);
    const e = elector(s.url, clock, { timeoutMs: 1_000 });
    const asked = e.isLeader();
    await until(() => s.received === 1);
    let stopped: unknown = "pending";
    const stopping = e.stop().then(() => "resolved", (error: unknown) => error);
    void stopping.then((value) => { stopped = value; });
    // Stopped while asking: not the leader, not a failure.
    expect(await asked).toBe(false);
    await until(() => s.received === 2);
    // The release asks the lease to last marginMs (ttlMs / 3) more, not to vanish.
    expect(s.bodies[1]).toEqual({ object: "faults", name: "faults", holder: "me", graceMs: 10_000 });
    await clock.advance(999);
    expect(stopped).toBe("pending");
    await clock.advance(1);
    const error = await stopping;
    expect(error).toBeInstanceOf(SchedulerError);
    expect((error as SchedulerError).code).toBe("ElectorFailed");
    expect((error as SchedulerError).message).toMatch(/release of lease "faults" failed: no answer within 1000 ms$/);
    await until(() => s.open === 0);
    // Stopping again does not send another release.
    await e.stop().catch(() => undefined);
    expect(s.received).toBe(2);
    expect(await e.isLeader()).toBe(false);
  });

  test("one caller's abort does not abort the request it shares with others", async () => {
    const s = await server("gate");
    const e = elector(s.url, new FakeClock(START));
    const first = new AbortController();
    const a = caught(e.isLeader(first.signal));
    const b = e.isLeader(new AbortController().signal);
    const c = e.isLeader();
    await until(() => s.received === 1);
    const reason = new Error("job removed");
    first.abort(reason);
    const error = await failure(a, s.url);
    expect(error.message).toMatch(/isLeader of lease "faults" failed: aborted$/);
    expect(error.cause).toBe(reason);
    expect(s.open).toBe(1);
    s.openGate();
    expect(await b).toBe(true);
    expect(await c).toBe(true);
    expect(s.received).toBe(1);
  });

  test("removing one job while jobs due together wait on the elector leaves the others' runs alone", async () => {
    const s = await server("gate");
    const clock = new FakeClock(START);
    const skips: string[] = [];
    const scheduler = new Scheduler({
      clock,
      elector: elector(s.url, clock),
      monitor: { jobSkipped: (job, reason) => skips.push(`${job.name}:${reason}`) },
    });
    const ran: string[] = [];
    const jobs = ["a", "b", "c"].map((name) => scheduler.newJob(durationJob(10_000), () => { ran.push(name); }, { name }));
    scheduler.start();
    await clock.advance(10_000);
    await until(() => s.received === 1);
    // Whichever run asked first (its signal once rode on the shared request), remove each in turn.
    scheduler.removeJob(jobs[0]!.id);
    scheduler.removeJob(jobs[1]!.id);
    s.openGate();
    await until(() => ran.length === 1 && skips.length === 2);
    expect(ran).toEqual(["c"]);
    expect(skips.sort()).toEqual(["a:stopped", "b:stopped"]);
    await scheduler.shutdown();
  });
});

describe("DurableObjectElector never follows a redirect nor reads a huge answer", () => {
  test.each([301, 302, 303, 307, 308])("HTTP %i is refused, and the target never hears of it", async (status) => {
    const target = await server("lease");
    const s = await server("redirect");
    s.redirectTo = target.url;
    s.redirectStatus = status;
    const error = await failure(elector(s.url, new FakeClock(START)).isLeader(), s.url);
    expect(error.message).toMatch(new RegExp(`failed: the Worker answered a redirect \\(HTTP ${status}\\), which is never followed$`));
    expect(s.received).toBe(1);
    expect(target.received).toBe(0);
  });

  test("an endless answer fails once it passes 64 KB, and the stream is cancelled", async () => {
    const s = await server("endless");
    const error = await failure(elector(s.url, new FakeClock(START)).isLeader(), s.url);
    expect(error.message).toMatch(/failed: the Worker's answer is larger than 65536 bytes$/);
    await until(() => s.open === 0);
    // Only what socket buffers held was ever sent, not an unbounded stream.
    expect(s.bytesSent).toBeLessThan(32 * 1024 * 1024);
  });

  test("a declared 256 MB answer fails before its body is read", async () => {
    const s = await server("declared-huge");
    const error = await failure(elector(s.url, new FakeClock(START)).isLeader(), s.url);
    expect(error.message).toMatch(/the Worker's answer is larger than 65536 bytes$/);
    await until(() => s.open === 0);
  });
});
