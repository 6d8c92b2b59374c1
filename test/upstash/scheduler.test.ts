import { describe, expect, it } from "vitest";
import { Redis } from "@upstash/redis";
import { cronJob, durationJob, Scheduler, SchedulerError, type SkipReason } from "../../src/index.ts";
import { UpstashElector, UpstashLocker } from "../../adapters/upstash/index.ts";
import { useRedisProxy } from "./fixture.ts";

const env = useRedisProxy();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("Upstash adapters inside a real-time Scheduler", () => {
  it("a wrong token: each run is skipped, afterLockError and the monitor hear LockerFailed, the scheduler goes on", async () => {
    const secret = "bad-token-for-scheduler-5150";
    const redis = new Redis({ url: env.proxy.url, token: secret, enableTelemetry: false });
    const heard: unknown[] = [];
    const skipped: SkipReason[] = [];
    let ran = 0;
    const scheduler = new Scheduler({
      locker: new UpstashLocker({ redis }),
      monitor: { jobSkipped: (_job, reason) => void skipped.push(reason) },
    });
    scheduler.newJob(durationJob(150), () => void (ran += 1), { name: "locked-out", on: { afterLockError: (_job, error) => void heard.push(error) } });
    scheduler.start();
    await sleep(1_000);
    await scheduler.shutdown();
    expect(ran).toBe(0);
    expect(heard.length).toBeGreaterThanOrEqual(3);
    for (const error of heard) {
      expect(error).toBeInstanceOf(SchedulerError);
      expect((error as SchedulerError).code).toBe("LockerFailed");
      expect(String((error as Error).message)).not.toContain(secret);
    }
    expect(skipped.length).toBe(heard.length);
    expect(new Set(skipped)).toEqual(new Set(["lockError"]));
  });

  it("a wrong token on the elector: runs are skipped as electorError and reported", async () => {
    const redis = new Redis({ url: env.proxy.url, token: "bad-elector-token", enableTelemetry: false });
    const heard: unknown[] = [];
    const skipped: SkipReason[] = [];
    const scheduler = new Scheduler({
      elector: new UpstashElector({ redis, key: "scheduler:bad" }),
      monitor: { jobSkipped: (_job, reason) => void skipped.push(reason) },
    });
    scheduler.newJob(durationJob(150), () => undefined, { name: "not-led", on: { afterLockError: (_job, error) => void heard.push(error) } });
    scheduler.start();
    await sleep(700);
    await scheduler.shutdown();
    expect(heard.length).toBeGreaterThanOrEqual(2);
    expect(heard.every((e) => e instanceof SchedulerError && e.code === "ElectorFailed")).toBe(true);
    expect(new Set(skipped)).toEqual(new Set(["electorError"]));
  });

  it("two schedulers sharing one Redis run each occurrence of a per-second cron job once", async () => {
    const runs = new Map<number, string[]>();
    const schedulers = ["a", "b"].map((instance) => {
      const scheduler = new Scheduler({ locker: new UpstashLocker({ redis: env.proxy.newClient().redis }), lockTtlMs: 5_000 });
      scheduler.newJob(
        cronJob("* * * * * *", { withSeconds: true }),
        ({ scheduledAt }) => {
          const at = scheduledAt.getTime();
          runs.set(at, [...(runs.get(at) ?? []), instance]);
        },
        { name: "tick" },
      );
      return scheduler;
    });
    for (const scheduler of schedulers) scheduler.start();
    await sleep(3_300);
    await Promise.all(schedulers.map((scheduler) => scheduler.shutdown()));
    const instants = [...runs.keys()].sort((x, y) => x - y);
    expect(instants.length).toBeGreaterThanOrEqual(3);
    for (const at of instants) expect(runs.get(at), new Date(at).toISOString()).toHaveLength(1);
    for (let i = 1; i < instants.length; i += 1) expect((instants[i] ?? 0) - (instants[i - 1] ?? 0)).toBe(1_000);
  });
});
