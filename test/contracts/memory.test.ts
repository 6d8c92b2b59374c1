import { beforeEach } from "vitest";
import { FakeClock } from "../../src/fake-clock.ts";
import { MemoryElector } from "../doubles/memory-elector.ts";
import { BatchMemoryLocker, MemoryLocker } from "../doubles/memory-locker.ts";
import { MemoryLeaseStore } from "../doubles/memory-store.ts";
import { runElectorContract } from "./elector.contract.ts";
import { runLockerContract } from "./locker.contract.ts";

let clock = new FakeClock(Date.UTC(2026, 0, 1));
let store = new MemoryLeaseStore(clock);
beforeEach(() => {
  clock = new FakeClock(Date.UTC(2026, 0, 1));
  store = new MemoryLeaseStore(clock);
});

runLockerContract("in-memory double", {
  ttlMs: 3_000,
  newLocker: () => new MemoryLocker(store),
  advance: (ms) => clock.advance(ms),
  drop: async (key) => store.drop(key),
});

runLockerContract("in-memory double with lockMany", {
  ttlMs: 3_000,
  newLocker: () => new BatchMemoryLocker(store),
  advance: (ms) => clock.advance(ms),
  drop: async (key) => store.drop(key),
  lockMany: true,
});

runElectorContract("in-memory double", {
  ttlMs: 3_000,
  checkMs: 1_000,
  newElector: (key) => {
    const elector = new MemoryElector({ store, key, ttlMs: 3_000, checkMs: 1_000 });
    return { elector, setReachable: (up) => void (elector.reachable = up) };
  },
  advance: (ms) => clock.advance(ms),
});
