import { beforeEach } from "vitest";
import { DenoKvElector, DenoKvLocker } from "../../adapters/deno-kv/index.ts";
import { FakeClock } from "../../src/fake-clock.ts";
import { runElectorContract } from "../contracts/elector.contract.ts";
import { runLockerContract } from "../contracts/locker.contract.ts";
import { FakeKv } from "./fake-kv.ts";

// The adapters' own logic, deterministically: the same contracts on a FakeClock over an
// in-memory KV that never deletes an expired key by itself (only expiresAt in the value counts).
let clock = new FakeClock(0);
let store = new FakeKv(clock);
beforeEach(() => {
  clock = new FakeClock(Date.UTC(2026, 0, 1));
  store = new FakeKv(clock);
});

runLockerContract("Deno KV adapter on a FakeClock (expired keys never swept)", {
  ttlMs: 3_000,
  newLocker: () => new DenoKvLocker({ kv: store.connect().kv, clock }),
  advance: (ms) => clock.advance(ms),
  drop: async (key) => void store.data.delete(FakeKv.id(["isocron", "lock", key])),
  lockMany: true,
});

runElectorContract("Deno KV adapter on a FakeClock (expired keys never swept)", {
  ttlMs: 3_000,
  checkMs: 1_000,
  newElector: (key) => {
    const { kv, state } = store.connect();
    const elector = new DenoKvElector({ kv, key: [key], ttlMs: 3_000, checkMs: 1_000, clock });
    return { elector, setReachable: (up) => void (state.mode = up ? "ok" : "fail") };
  },
  advance: (ms) => clock.advance(ms),
});
