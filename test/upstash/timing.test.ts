import { beforeEach, describe, expect, it } from "vitest";
import { FakeClock } from "../../src/fake-clock.ts";
import { SchedulerError } from "../../src/errors.ts";
import { UpstashElector, UpstashLocker } from "../../adapters/upstash/index.ts";
import { MemoryLeaseStore } from "../doubles/memory-store.ts";
import { FakeUpstash, markSeen } from "./fake-upstash.ts";

// Deterministic timing of the adapters' own logic: a FakeClock and a fake client.
let clock: FakeClock;
let redis: FakeUpstash;
beforeEach(() => {
  clock = new FakeClock(0);
  redis = new FakeUpstash(new MemoryLeaseStore(clock));
  markSeen(redis.store, "lease"); // a deployment that has held this lease before (see "lost data" below)
});
const elector = (instanceId: string) =>
  new UpstashElector({ redis: redis.client, key: "lease", ttlMs: 3_000, checkMs: 1_000, marginMs: 600, instanceId, clock });
const at = (ms: number) => clock.set(ms);
const outcome = (p: Promise<boolean>) => p.then(String, (e: unknown) => (e instanceof SchedulerError ? e.code : "other"));

describe("UpstashElector timing (ttl 3000, check 1000, margin 600)", () => {
  it("the leader answers from cache and renews once a third of the lease has passed", async () => {
    const a = elector("a");
    expect(await a.isLeader()).toBe(true);
    await at(999);
    expect(await a.isLeader()).toBe(true);
    expect(redis.calls.map((c) => c.at)).toEqual([0]);
    await at(1_000);
    expect(await a.isLeader()).toBe(true);
    await at(1_999);
    expect(await a.isLeader()).toBe(true);
    await at(2_000);
    expect(await a.isLeader()).toBe(true);
    expect(redis.calls).toEqual([{ at: 0, op: "renew" }, { at: 1_000, op: "renew" }, { at: 2_000, op: "renew" }]);
  });

  it("a thousand concurrent calls share one request", async () => {
    const a = elector("a");
    redis.mode = "hold";
    const answers = Array.from({ length: 1_000 }, () => a.isLeader());
    await clock.flush();
    expect(redis.count()).toBe(1);
    redis.mode = "ok";
    redis.releaseHeld();
    expect((await Promise.all(answers)).every(Boolean)).toBe(true);
    expect(redis.count()).toBe(1);
  });

  it("a follower trusts its 'no' for checkMs from when it asked", async () => {
    const [a, b] = [elector("a"), elector("b")];
    expect(await a.isLeader()).toBe(true);
    expect(await b.isLeader()).toBe(false);
    await at(999);
    expect(await b.isLeader()).toBe(false);
    await at(1_000);
    expect(await b.isLeader()).toBe(false);
    expect(redis.calls.map((c) => c.at)).toEqual([0, 0, 1_000]);
  });

  it("a leader whose renewals fail claims leadership until ttl - margin, not one ms longer", async () => {
    const a = elector("a");
    expect(await a.isLeader()).toBe(true);
    redis.mode = "fail";
    const seen: Array<[number, string]> = [];
    for (const t of [1_000, 1_400, 1_500, 2_000, 2_399, 2_400, 2_499, 2_500]) {
      await at(t);
      seen.push([t, await outcome(a.isLeader())]);
    }
    expect(seen).toEqual([
      [1_000, "true"], [1_400, "true"], [1_500, "true"], [2_000, "true"], [2_399, "true"],
      [2_400, "ElectorFailed"], [2_499, "ElectorFailed"], [2_500, "ElectorFailed"],
    ]);
    // retries at most every min(checkMs, ttl / 6) = 500 ms, whoever asks
    expect(redis.calls.map((c) => c.at)).toEqual([0, 1_000, 1_500, 2_000, 2_500]);
  });

  it("during an outage a follower sends one request per 500 ms however many jobs ask", async () => {
    const b = elector("b");
    redis.mode = "fail";
    let failures = 0;
    for (let t = 0; t < 10_000; t += 10) {
      await at(t);
      if ((await outcome(b.isLeader())) === "ElectorFailed") failures += 1;
    }
    expect(failures).toBe(1_000); // every skipped run is reported...
    expect(redis.count()).toBe(20); // ...but only 20 requests were sent
  });

  it("an answer later than ttl - margin is not trusted: the request times out at 2400 ms", async () => {
    const a = elector("a");
    redis.mode = "hold";
    const answer = outcome(a.isLeader());
    await at(2_399);
    redis.mode = "ok";
    await at(2_400);
    expect(await answer).toBe("ElectorFailed");
    redis.releaseHeld(); // the late reply (lease taken) arrives and is ignored...
    await clock.flush();
    // ...the next ask finds the lease its own without having known it: that may have been a
    // take of a vanished lease, so it leads only one ttl later
    expect(await a.isLeader()).toBe(false);
    await at(5_399);
    expect(await a.isLeader()).toBe(false);
    await at(5_400);
    expect(await a.isLeader()).toBe(true);
  });

  it("stop() releases the lease (one call for a leader, none for a follower) and never leads again", async () => {
    const [a, b] = [elector("a"), elector("b")];
    await a.isLeader();
    await b.isLeader();
    await Promise.all([a.stop(), b.stop(), a.stop()]);
    expect(redis.calls.map((c) => c.op)).toEqual(["renew", "renew", "release"]);
    expect(await a.isLeader()).toBe(false);
    expect(redis.count()).toBe(3);
  });

  it("stop() shortens the lease to the margin instead of deleting it: the handoff takes margin, not less", async () => {
    const [a, b] = [elector("a"), elector("b")];
    expect(await a.isLeader()).toBe(true);
    expect(await b.isLeader()).toBe(false);
    await at(1_000);
    await a.stop();
    // a follower whose clock is up to 600 ms behind has passed what a ran before it can lead
    await at(1_599);
    expect(redis.store.get("lease")).toBe("a");
    expect(await b.isLeader()).toBe(false);
    await at(1_600);
    expect(redis.store.get("lease")).toBeUndefined();
    await at(2_599);
    expect(await b.isLeader()).toBe(true); // at its next check: handoff within margin + checkMs
  });

  it("await using disposes (releases) the elector", async () => {
    {
      await using a = elector("a");
      expect(await a.isLeader()).toBe(true);
    }
    await at(599);
    expect(redis.store.get("lease")).toBe("a");
    await at(600);
    expect(redis.store.get("lease")).toBeUndefined();
  });

  it("stop() against a hanging server: cancels the renewal in flight and gives up after timeoutMs", async () => {
    const a = new UpstashElector({ redis: redis.client, key: "lease", ttlMs: 3_000, checkMs: 1_000, marginMs: 600, timeoutMs: 800, instanceId: "a", clock });
    expect(await a.isLeader()).toBe(true);
    redis.mode = "hold";
    await at(1_000);
    expect(await a.isLeader()).toBe(true); // starts a background renewal that never answers
    const stopped = a.stop().then(() => "resolved", (e: SchedulerError) => `${e.code} at ${clock.now()}`);
    await at(1_799);
    await at(1_800);
    expect(await stopped).toBe("ElectorFailed at 1800");
  });

  it("an unexpected reply is ElectorFailed, never a silent follower", async () => {
    const a = elector("a");
    redis.mode = "garble";
    const seen: string[] = [];
    for (const [i, garbage] of [undefined, null, "1", [{}], 4, {}].entries()) {
      redis.garbage = garbage;
      await at(i * 1_000);
      seen.push(await outcome(a.isLeader()));
    }
    expect(seen).toEqual(Array(6).fill("ElectorFailed"));
    redis.mode = "ok";
    await at(6_000);
    expect(await a.isLeader()).toBe(true);
  });
});

describe("UpstashLocker timing (ttl 3000)", () => {
  const locker = (timeoutMs?: number) => new UpstashLocker({ redis: redis.client, clock, ...(timeoutMs ? { timeoutMs } : {}) });

  it("a short run costs one SET; unlock sends nothing and the key lives its full TTL", async () => {
    const lock = await locker().lock("job@0", { ttlMs: 3_000 });
    await at(999);
    await lock?.unlock();
    await at(2_999);
    expect(redis.store.get("isocron:lock:job@0")).toMatch(/^isocron-[0-9a-f]{32}$/);
    await at(3_000);
    expect(redis.store.get("isocron:lock:job@0")).toBeUndefined();
    expect(redis.calls).toEqual([{ at: 0, op: "acquire" }]);
  });

  it("a long run extends at every third of the TTL and stops at unlock", async () => {
    const lock = await locker().lock("job@0", { ttlMs: 3_000 });
    await at(3_500);
    await lock?.unlock();
    await at(10_000);
    expect(redis.calls.map((c) => `${c.op}@${c.at}`)).toEqual(["acquire@0", "extend@1000", "extend@2000", "extend@3000"]);
  });

  it("a lost key ends the extending; a failed extension is retried a third later", async () => {
    const lost = await locker().lock("lost@0", { ttlMs: 3_000 });
    redis.store.drop("isocron:lock:lost@0");
    const flaky = await locker().lock("flaky@0", { ttlMs: 3_000 });
    redis.mode = "fail";
    await at(1_000);
    redis.mode = "ok";
    await at(3_500);
    // both extensions at 1000 failed (retried at 2000); at 2000 "lost" learns its key is gone
    expect(redis.calls.map((c) => `${c.op}@${c.at}`)).toEqual(
      ["acquire@0", "acquire@0", "extend@1000", "extend@1000", "extend@2000", "extend@2000", "extend@3000"],
    );
    expect(redis.store.get("isocron:lock:flaky@0")).toBeDefined();
    await Promise.all([lost?.unlock(), flaky?.unlock()]);
  });

  it("the locker's own ttlMs replaces the scheduler's", async () => {
    const lock = await new UpstashLocker({ redis: redis.client, clock, ttlMs: 500 }).lock("own@0", { ttlMs: 60_000 });
    await lock?.unlock();
    await at(499);
    expect(redis.store.get("isocron:lock:own@0")).toBeDefined();
    await at(500);
    expect(redis.store.get("isocron:lock:own@0")).toBeUndefined();
  });

  it("no answer: lock() fails after min(timeoutMs, ttl)", async () => {
    redis.mode = "hold";
    const slow = locker().lock("slow@0", { ttlMs: 3_000 }).catch((e: SchedulerError) => `${e.code} at ${clock.now()}: ${e.message}`);
    const quick = locker(200).lock("quick@0", { ttlMs: 3_000 }).catch((e: SchedulerError) => `${e.code} at ${clock.now()}`);
    await at(5_000);
    expect(await quick).toBe("LockerFailed at 200");
    expect(await slow).toBe('LockerFailed at 3000: [isocron] LockerFailed: UpstashLocker could not take lock "isocron:lock:slow@0": no answer within 3000 ms');
  });

  it("only the lock's own token counts as won: any other reply is LockerFailed", async () => {
    redis.mode = "garble";
    const seen: string[] = [];
    for (const garbage of [undefined, null, "OK", 1, [{}], "isocron-00000000000000000000000000000000"]) {
      redis.garbage = garbage;
      seen.push(await locker().lock(`garbled@${seen.length}`, { ttlMs: 3_000 }).then((lock) => String(lock), (e: SchedulerError) => e.code));
    }
    expect(seen).toEqual(Array(6).fill("LockerFailed"));
  });

  it("a huge TTL (scheduler lockTtlMs 2^33) is capped at 2^31-1: one extension per 715827882 ms, not per ms", async () => {
    const lock = await locker().lock("huge@0", { ttlMs: 2 ** 33 });
    await at(10_000);
    expect(redis.calls.map((c) => c.op)).toEqual(["acquire"]);
    await at(715_827_882);
    expect(redis.calls.map((c) => `${c.op}@${c.at}`)).toEqual(["acquire@0", "extend@715827882"]);
    await lock?.unlock();
  });

  it("an abort while waiting rejects at once", async () => {
    redis.mode = "hold";
    const controller = new AbortController();
    const pending = locker().lock("abort@0", { ttlMs: 3_000, signal: controller.signal }).catch((e: SchedulerError) => `${e.code} at ${clock.now()}`);
    await at(100);
    controller.abort();
    expect(await pending).toBe("LockerFailed at 100");
  });
});
