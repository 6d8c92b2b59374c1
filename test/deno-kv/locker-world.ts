import { DenoKvLocker, type DenoKv } from "../../adapters/deno-kv/index.ts";
import { FakeClock } from "../../src/fake-clock.ts";
import { FakeKv } from "./fake-kv.ts";

/** Every DenoKvLocker unit test's epoch: 2026-01-01T00:00:00Z. */
export const START = Date.UTC(2026, 0, 1);

/**
 * A fresh world for one DenoKvLocker unit test: a FakeClock at {@link START}, an in-memory KV
 * on it, a locker on that KV and clock (`extra` options on top), and the lock stored under a
 * key (default prefix). Test files take a new one in beforeEach.
 */
export function lockerWorld() {
  const clock = new FakeClock(START);
  const store = new FakeKv(clock);
  const locker = (kv: DenoKv = store.connect().kv, extra: Record<string, unknown> = {}) => new DenoKvLocker({ kv, clock, ...extra });
  const stored = (key: string) => store.read(["isocron", "lock", key]);
  return { clock, store, locker, stored };
}
