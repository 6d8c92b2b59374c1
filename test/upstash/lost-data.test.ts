import { beforeEach, describe, expect, it } from "vitest";
import { FakeClock } from "../../src/fake-clock.ts";
import { SchedulerError } from "../../src/errors.ts";
import { UpstashElector } from "../../adapters/upstash/index.ts";
import { MemoryLeaseStore } from "../doubles/memory-store.ts";
import { FakeUpstash, markSeen } from "./fake-upstash.ts";

// Issue 10 B: Redis restarted without persistence. The lease vanished while its old holder may
// still trust it; whoever takes it must wait one ttl. Deterministic: a FakeClock, a fake client.
let clock: FakeClock;
let redis: FakeUpstash;
beforeEach(() => {
  clock = new FakeClock(0);
  redis = new FakeUpstash(new MemoryLeaseStore(clock));
  markSeen(redis.store, "lease"); // a deployment that has held this lease before
});
const elector = (instanceId: string) =>
  new UpstashElector({ redis: redis.client, key: "lease", ttlMs: 3_000, checkMs: 1_000, marginMs: 600, instanceId, clock });
const at = (ms: number) => clock.set(ms);
const outcome = (p: Promise<boolean>) => p.then(String, (e: unknown) => (e instanceof SchedulerError ? e.code : "other"));

describe("UpstashElector after Redis lost its data (ttl 3000, check 1000, margin 600)", () => {
  const wipe = () => ["lease", "lease:seen"].forEach((key) => redis.store.drop(key));

  it("the instance that takes the vanished lease waits one ttl: never two leaders", async () => {
    const [a, b] = [elector("a"), elector("b")];
    expect(await a.isLeader()).toBe(true);
    expect(await b.isLeader()).toBe(false);
    await at(900);
    wipe(); // a still trusts its lease until 2400
    const led: Record<string, number[]> = { a: [], b: [] };
    for (let t = 1_000; t <= 6_000; t += 100) {
      await at(t);
      const [ra, rb] = [await outcome(b.isLeader()), await outcome(a.isLeader())];
      if (ra === "true") led.b?.push(t);
      if (rb === "true") led.a?.push(t);
    }
    expect(led.a).toEqual([1_000]); // its cached answer; the renewal it started found b's lease: it stepped down
    expect(led.b?.[0]).toBe(4_000); // took at 1000, led one ttl later
    expect(led.b).toHaveLength(21);
    expect(led.a?.filter((t) => led.b?.includes(t))).toEqual([]);
  });

  it("a fresh deployment (no lease ever held) waits one ttl too", async () => {
    redis.store.drop("lease:seen");
    const a = elector("a");
    const seen: Array<[number, string]> = [];
    for (const t of [0, 1_000, 2_000, 2_999, 3_000]) {
      await at(t);
      seen.push([t, await outcome(a.isLeader())]);
    }
    expect(seen).toEqual([[0, "false"], [1_000, "false"], [2_000, "false"], [2_999, "false"], [3_000, "true"]]);
    expect(redis.calls.map((c) => c.at)).toEqual([0, 1_000, 2_000, 3_000]); // the lease is renewed while waiting
  });

  it("the leader that retakes its own vanished lease keeps leading (no other lease can be trusted)", async () => {
    const a = elector("a");
    expect(await a.isLeader()).toBe(true);
    await at(500);
    wipe();
    await at(1_000);
    expect(await a.isLeader()).toBe(true);
    await clock.flush();
    await at(2_500);
    expect(await a.isLeader()).toBe(true); // renewed at 1000 (retaken), trusted until 3400
  });

  it("a lease lapsed normally (leader gone, marker kept) is taken at once", async () => {
    const a = elector("a");
    expect(await a.isLeader()).toBe(true);
    await at(3_000);
    expect(await elector("b").isLeader()).toBe(true);
  });
});
