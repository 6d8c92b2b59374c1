import { afterEach, describe, expect, test } from "vitest";
import { DurableObjectLocker } from "../../adapters/cloudflare/index.ts";
import { SchedulerError } from "../../src/errors.ts";
import { FakeClock } from "../../src/fake-clock.ts";
import { durationJob, Scheduler } from "../../src/index.ts";
import { hostileServers, until } from "./hostile-server.ts";
import type { HostileServer, Mode } from "./hostile-server.ts";

const TOKEN = "secret-token-5f2e9";
const START = Date.UTC(2026, 0, 1);
const S = 1_000;
const server = hostileServers();

/** A scheduler with one every-10-s singleton job behind a DurableObjectLocker at `url`. */
function setup(url: string) {
  const clock = new FakeClock(START);
  const locker = new DurableObjectLocker({ url, token: TOKEN, clock });
  const skips: Array<{ reason: string; at: number; error?: unknown }> = [];
  const lockErrors: unknown[] = [];
  const runs: number[] = [];
  const scheduler = new Scheduler({
    clock,
    locker,
    monitor: { jobSkipped: (_job, reason, info) => skips.push({ reason, at: info.scheduledAt.getTime() - START, ...("error" in info ? { error: info.error } : {}) }) },
  });
  scheduler.newJob(durationJob(10 * S), ({ scheduledAt }) => { runs.push(scheduledAt.getTime() - START); }, {
    name: "singleton",
    singletonMode: "reschedule",
    on: { afterLockError: (_job, error) => lockErrors.push(error) },
  });
  scheduler.start();
  return { clock, scheduler, skips, lockErrors, runs };
}

describe("DurableObjectLocker against a server that never answers", () => {
  test("each occurrence's lock fails after 5 s and is reported; the singleton job runs again once the server recovers", async () => {
    const s = await server("hang");
    const { clock, scheduler, skips, lockErrors, runs } = setup(s.url);
    for (const [i, at] of [[1, 10 * S], [2, 20 * S]] as const) {
      await clock.set(START + at);
      await until(() => s.received === i);
      await clock.advance(5 * S);
      expect(skips.length).toBe(i);
      // The request was cancelled, not left open.
      await until(() => s.open === 0);
    }
    expect(skips.map(({ reason, at }) => ({ reason, at }))).toEqual([
      { reason: "lockError", at: 10 * S },
      { reason: "lockError", at: 20 * S },
    ]);
    expect(lockErrors).toHaveLength(2);
    for (const [i, error] of lockErrors.entries()) {
      expect(error).toBeInstanceOf(SchedulerError);
      expect((error as SchedulerError).code).toBe("LockerFailed");
      expect((error as SchedulerError).message).toBe(`[isocron] LockerFailed: acquire of lease "singleton@${START + (i + 1) * 10 * S}" failed: no answer within 5000 ms`);
      expect(skips[i]?.error).toBe(error);
    }
    s.mode = "lease";
    await clock.set(START + 30 * S);
    await until(() => runs.length === 1);
    await clock.set(START + 40 * S);
    await until(() => runs.length === 2);
    expect(runs).toEqual([30 * S, 40 * S]);
    expect(s.received).toBe(4);
    await scheduler.shutdown();
  });

  test("shutdown during a lock request is a stopped skip, not a lock error, and cancels the request", async () => {
    const s = await server("hang");
    const { clock, scheduler, skips, lockErrors, runs } = setup(s.url);
    await clock.set(START + 10 * S);
    await until(() => s.received === 1);
    await scheduler.shutdown();
    expect(skips.map(({ reason, at }) => ({ reason, at }))).toEqual([{ reason: "stopped", at: 10 * S }]);
    expect(lockErrors).toEqual([]);
    expect(runs).toEqual([]);
    await until(() => s.open === 0);
  });
});

describe("DurableObjectLocker over hostile HTTP", () => {
  test.each([307, 308])("a %i redirect is refused: the holder token never reaches the target", async (status) => {
    const target = await server("lease");
    const s = await server("redirect");
    s.redirectTo = target.url;
    s.redirectStatus = status;
    const locker = new DurableObjectLocker({ url: s.url, token: TOKEN });
    const error = await locker.lock("job@1", { ttlMs: 60_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchedulerError);
    expect((error as SchedulerError).message).toBe(
      `[isocron] LockerFailed: acquire of lease "job@1" failed: the Worker answered a redirect (HTTP ${status}), which is never followed`,
    );
    expect(s.received).toBe(1);
    expect(target.received).toBe(0);
  });

  test("an endless answer fails with LockerFailed once it passes 64 KB", async () => {
    const s = await server("endless");
    const locker = new DurableObjectLocker({ url: s.url, token: TOKEN });
    const error = await locker.lock("job@2", { ttlMs: 60_000 }).catch((e: unknown) => e);
    expect((error as SchedulerError).message).toBe("[isocron] LockerFailed: acquire of lease \"job@2\" failed: the Worker's answer is larger than 65536 bytes");
    await until(() => s.open === 0);
  });

  test("a lock request waits at most a third of the lock's TTL; unlock() cancels an extension in flight", async () => {
    const s = await server("lease");
    const clock = new FakeClock(START);
    const locker = new DurableObjectLocker({ url: s.url, token: TOKEN, clock });
    const lock = await locker.lock("job@3", { ttlMs: 3_000 });
    expect(lock).not.toBeNull();
    s.mode = "hang";
    // The extension is due at a third of the TTL; it hangs.
    await clock.advance(1_000);
    await until(() => s.received === 2);
    expect(s.bodies[1]).toMatchObject({ name: "job@3", ttlMs: 3_000 });
    await lock?.unlock();
    await until(() => s.open === 0);
    // A new lock against the hanging server gives up after ttl / 3 = 1000 ms.
    const pending = locker.lock("job@4", { ttlMs: 3_000 }).catch((e: unknown) => e);
    await until(() => s.received === 3);
    await clock.advance(1_000);
    expect(((await pending) as SchedulerError).message).toMatch(/failed: no answer within 1000 ms$/);
    await clock.advance(10_000);
    expect(s.received).toBe(3);
  });
});
