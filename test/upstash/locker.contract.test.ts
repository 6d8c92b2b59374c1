import { describe, expect, it } from "vitest";
import { UpstashElector, UpstashLocker } from "../../adapters/upstash/index.ts";
import { durationJob } from "../../src/definitions/duration.ts";
import { SchedulerError } from "../../src/errors.ts";
import { Scheduler } from "../../src/scheduler.ts";
import { runLockerContract } from "../contracts/locker.contract.ts";
import { useRedisProxy } from "./fixture.ts";

const env = useRedisProxy();

runLockerContract("Upstash, real Redis through the REST proxy", {
  ttlMs: 1_500,
  lockMany: true, // the batch cases of the contract (issue 13)
  newLocker: () => new UpstashLocker({ redis: env.proxy.newClient().redis }),
  drop: async (key) => {
    await env.proxy.direct.command(["DEL", `isocron:lock:${key}`]);
  },
});

runLockerContract("Upstash with url + token (the adapter's own REST client), real Redis", {
  ttlMs: 1_500,
  lockMany: true, // the batch cases of the contract (issue 13)
  newLocker: () => new UpstashLocker({ url: env.proxy.url, token: env.proxy.newClient().token }),
  drop: async (key) => {
    await env.proxy.direct.command(["DEL", `isocron:lock:${key}`]);
  },
});

describe("UpstashLocker: the holder (the scheduler's instanceId) in the stored value", () => {
  const TOKEN = /isocron-[0-9a-f]{32}$/;
  const get = (key: string) => env.proxy.direct.command(["GET", `isocron:lock:${key}`]);
  const lockers = () => [
    new UpstashLocker({ redis: env.proxy.newClient().redis }),
    new UpstashLocker({ url: env.proxy.url, token: env.proxy.newClient().token }),
  ];

  it("the value is <holder>:<random token>, through either client; holders with quotes, colons and non-ASCII round-trip", async () => {
    let n = 0;
    for (const locker of lockers()) {
      for (const holder of ["node-a", 'nœud "b":1 ✓', "1234"]) {
        const key = `holder-${n++}@1`;
        const lock = await locker.lock(key, { ttlMs: 5_000, holder });
        expect(lock).not.toBeNull();
        const value = String(await get(key));
        expect(value.startsWith(`${holder}:`)).toBe(true);
        expect(value.slice(holder.length + 1)).toMatch(new RegExp(`^${TOKEN.source}`));
        await lock?.unlock();
      }
    }
  });

  it("no holder (a caller of the Locker API that predates it): the value is the random token alone, as before", async () => {
    const lock = await lockers()[1]?.lock("holder-none@1", { ttlMs: 5_000 });
    expect(lock).not.toBeNull();
    expect(String(await get("holder-none@1"))).toMatch(new RegExp(`^${TOKEN.source}`));
    await lock?.unlock();
  });

  it("an unusable holder is LockerFailed before anything is sent", async () => {
    const [locker] = lockers();
    for (const [holder, shown] of [[42, "42"], ["", '""'], ["x".repeat(201), '"xxx']] as const) {
      const key = `holder-bad-${String(holder).length}@1`;
      const error = await locker?.lock(key, { ttlMs: 5_000, holder: holder as string }).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(SchedulerError);
      expect((error as SchedulerError).code).toBe("LockerFailed");
      expect((error as Error).message).toContain(`UpstashLocker: holder must be a string of 1 to 200 characters, got ${shown}`);
      expect(await get(key)).toBeNull();
    }
  });

  it("a scheduler with an UpstashElector named node-a: the lease, the lock and the history all name node-a", async () => {
    const elector = new UpstashElector({ redis: env.proxy.newClient().redis, key: "holder:leader", instanceId: "node-a" });
    await env.proxy.direct.command(["SET", "holder:leader:seen", "1"]); // not a first start
    const scheduler = new Scheduler({ elector, locker: new UpstashLocker({ redis: env.proxy.newClient().redis, prefix: "holder:lock:" }) });
    expect(scheduler.instanceId).toBe("node-a");
    const job = scheduler.newJob(durationJob(60_000), () => undefined, { name: "named" });
    await job.runNow();
    const keys = (await env.proxy.direct.command(["KEYS", "holder:lock:named@*"])) as string[];
    expect(keys).toHaveLength(1);
    expect(String(await env.proxy.direct.command(["GET", keys[0] as string]))).toMatch(new RegExp(`^node-a:${TOKEN.source}`));
    expect(await env.proxy.direct.command(["GET", "holder:leader"])).toBe("node-a");
    expect(job.history().map((r) => [r.outcome, r.instanceId])).toEqual([["success", "node-a"]]);
    await elector.stop();
    await scheduler.shutdown();
  });
});
