import { beforeEach } from "vitest";
import { FakeClock } from "../../src/fake-clock.ts";
import { UpstashElector, UpstashLocker } from "../../adapters/upstash/index.ts";
import { runElectorContract } from "../contracts/elector.contract.ts";
import { runLockerContract } from "../contracts/locker.contract.ts";
import { MemoryLeaseStore } from "../doubles/memory-store.ts";
import { FakeUpstash, markSeen } from "./fake-upstash.ts";

// The adapters' own logic, deterministically: the same contracts on a FakeClock, with a fake
// client (one per instance, so each can be cut off) over one shared in-memory store.
let clock = new FakeClock(0);
let store = new MemoryLeaseStore(clock);
beforeEach(() => {
  clock = new FakeClock(Date.UTC(2026, 0, 1));
  store = new MemoryLeaseStore(clock);
});

runLockerContract("Upstash adapter on a FakeClock", {
  ttlMs: 3_000,
  lockMany: true, // the batch cases of the contract (issue 13)
  newLocker: () => new UpstashLocker({ redis: new FakeUpstash(store).client, clock }),
  advance: (ms) => clock.advance(ms),
  drop: async (key) => store.drop(`isocron:lock:${key}`),
});

runElectorContract("Upstash adapter on a FakeClock", {
  ttlMs: 3_000,
  checkMs: 1_000,
  newElector: (key) => {
    const redis = new FakeUpstash(store);
    markSeen(store, key); // the contract's instant first leadership holds once Redis has seen a lease
    const elector = new UpstashElector({ redis: redis.client, key, ttlMs: 3_000, checkMs: 1_000, clock });
    return { elector, setReachable: (up) => void (redis.mode = up ? "ok" : "fail") };
  },
  advance: (ms) => clock.advance(ms),
});
