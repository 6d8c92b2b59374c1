import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DurableObjectElector, DurableObjectLocker } from "../../adapters/cloudflare/index.ts";
import { runElectorContract } from "../contracts/elector.contract.ts";
import { runLockerContract } from "../contracts/locker.contract.ts";
import { durationJob } from "../../src/definitions/duration.ts";
import { SchedulerError } from "../../src/errors.ts";
import { Scheduler } from "../../src/scheduler.ts";
import { startWorker, TOKEN } from "./harness.ts";

// Both suites run on real time: the lease object's clock is workerd's own.
let mf: Miniflare;
let url: string;
beforeAll(async () => {
  mf = await startWorker({ entry: "test/cloudflare/fixture-worker.ts", durableObjects: { LEASES: "TestLeaseObject" } });
  url = (await mf.ready).href;
});
afterAll(() => mf?.dispose());

/** A fetch that this one instance can lose, like a process cut off from the network. */
function cuttable(): { fetch: (url: string, init: RequestInit) => Promise<Response>; setReachable: (up: boolean) => void } {
  let up = true;
  return {
    fetch: (target, init) => (up ? fetch(target, init) : Promise.reject(new TypeError("network is down"))),
    setReachable: (value) => {
      up = value;
    },
  };
}

runLockerContract("Durable Object over HTTP", {
  ttlMs: 1_200,
  newLocker: () => new DurableObjectLocker({ url, token: TOKEN }),
  drop: async (key) => {
    const ns = await mf.getDurableObjectNamespace("LEASES");
    await (ns.get(ns.idFromName("isocron-locks")) as unknown as { drop(name: string): Promise<void> }).drop(key);
  },
});

runElectorContract("Durable Object over HTTP", {
  ttlMs: 1_500,
  checkMs: 500,
  newElector: (key) => {
    const network = cuttable();
    const elector = new DurableObjectElector({ url, token: TOKEN, name: key, ttlMs: 1_500, fetch: network.fetch });
    return { elector, setReachable: network.setReachable };
  },
});

describe("DurableObjectLocker: the holder (the scheduler's instanceId) in the lease", () => {
  const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
  /** The holder stored for lease `name` in object `object`. */
  async function peek(name: string, object = "isocron-locks"): Promise<string | null> {
    const ns = await mf.getDurableObjectNamespace("LEASES");
    return (ns.get(ns.idFromName(object)) as unknown as { peek(name: string): Promise<string | null> }).peek(name);
  }

  it("the lease's holder is <holder>:<uuid>; a 200-character holder fits; without one it is a bare uuid", async () => {
    const locker = new DurableObjectLocker({ url, token: TOKEN });
    for (const [key, holder] of [["holder-a@1", "node-a"], ["holder-b@1", 'nœud "b":1 ✓'], ["holder-c@1", "h".repeat(200)]] as const) {
      const lock = await locker.lock(key, { ttlMs: 5_000, holder });
      expect(lock).not.toBeNull();
      const stored = (await peek(key)) ?? "";
      expect(stored.startsWith(`${holder}:`)).toBe(true);
      expect(stored.slice(holder.length + 1)).toMatch(new RegExp(`^${UUID}$`));
      await lock?.unlock();
    }
    const bare = await locker.lock("holder-none@1", { ttlMs: 5_000 });
    expect(bare).not.toBeNull();
    expect(await peek("holder-none@1")).toMatch(new RegExp(`^${UUID}$`));
    await bare?.unlock();
  });

  it("an unusable holder is LockerFailed before anything is sent", async () => {
    const locker = new DurableObjectLocker({ url, token: TOKEN });
    for (const [holder, shown] of [[42, "42"], ["", '""'], ["x".repeat(201), '"xxx']] as const) {
      const key = `holder-bad-${String(holder).length}@1`;
      const error = await locker.lock(key, { ttlMs: 5_000, holder: holder as string }).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(SchedulerError);
      expect((error as SchedulerError).code).toBe("LockerFailed");
      expect((error as Error).message).toContain(`DurableObjectLocker: holder must be a string of 1 to 200 characters, got ${shown}`);
      expect(await peek(key)).toBeNull();
    }
  });

  it("a scheduler with a DurableObjectElector named node-a: the leader lease, the lock and the history all name node-a", async () => {
    const elector = new DurableObjectElector({ url, token: TOKEN, name: "holder-leader", instanceId: "node-a", ttlMs: 5_000 });
    const scheduler = new Scheduler({ elector, locker: new DurableObjectLocker({ url, token: TOKEN, name: "holder-locks" }) });
    expect(scheduler.instanceId).toBe("node-a");
    const job = scheduler.newJob(durationJob(60_000), () => undefined, { name: "named" });
    await job.runNow();
    const [run] = job.history();
    expect([run?.outcome, run?.instanceId]).toEqual(["success", "node-a"]);
    expect(await peek(run?.runId ?? "", "holder-locks")).toMatch(new RegExp(`^node-a:${UUID}$`));
    expect(await peek("holder-leader", "holder-leader")).toBe("node-a");
    await elector.stop();
    await scheduler.shutdown();
  });
});
