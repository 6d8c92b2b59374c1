/**
 * The one locker contract suite, run against every {@link Locker} implementation: the
 * in-memory double, Upstash (real Redis through the REST proxy) and the Durable Object.
 *
 * Usage, in a `*.test.ts` file:
 *
 * ```ts
 * runLockerContract("upstash", {
 *   ttlMs: 1500,
 *   newLocker: () => new UpstashLocker({ redis: newClient(), ttlMs: 1 }),
 *   drop: (key) => redisDel(`isocron:lock:${key}`),
 * });
 * ```
 *
 * The harness (every function is called lazily inside a test, so it may read values that the
 * caller's own `beforeAll` set up, such as a server's port):
 * - `ttlMs`: the TTL the suite passes to `lock()`. A locker built with a TTL floor must accept
 *   it (build it with a floor at or below `ttlMs`). On real time, pick one that dwarfs a round
 *   trip on a busy machine (1000-2000 ms); on a fake clock any value works.
 * - `newLocker()`: a NEW instance (its own client/connection, like another process) that shares
 *   the backend with every other locker of the harness. Called several times per test.
 * - `advance(ms)`: lets `ms` of time pass for the backend AND the lockers' timers: a fake
 *   clock's `advance`, or (the default when omitted) a real sleep.
 * - `drop(key)`: optional; removes the record of `key` (the key given to `lock()`, before any
 *   prefix) from the backend as if its TTL had ended. The wrong-owner tests that need it are
 *   skipped when it is missing.
 *
 * Keys are unique per test (random suffix), so one backend can serve the whole suite without
 * flushing. Times below are fractions of `ttlMs` with wide margins either side.
 */
import { describe, expect, it } from "vitest";
import type { Lock, Locker } from "../../src/distributed.ts";

export interface LockerHarness {
  ttlMs: number;
  newLocker(): Locker | Promise<Locker>;
  advance?(ms: number): Promise<void>;
  drop?(key: string): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let counter = 0;
/** A key no other test (or earlier run against the same backend) uses. */
function freshKey(label: string): string {
  counter += 1;
  const random = Math.random().toString(36).slice(2, 8);
  return `contract-${label}-${random}-${counter}@${1_700_000_000_000 + counter * 1000}`;
}

export function runLockerContract(name: string, harness: LockerHarness): void {
  const advance = (ms: number) => (harness.advance ? harness.advance(ms) : sleep(ms));
  const T = harness.ttlMs;
  const lockOn = (locker: Locker, key: string): Promise<Lock | null> => locker.lock(key, { ttlMs: T });

  describe(`Locker contract: ${name}`, () => {
    it("acquire: a free key is granted with an unlock()", async () => {
      const locker = await harness.newLocker();
      const lock = await lockOn(locker, freshKey("acquire"));
      expect(lock).not.toBeNull();
      expect(typeof lock?.unlock).toBe("function");
      await lock?.unlock();
    });

    it("contention: of five instances asking at once, exactly one wins", async () => {
      const key = freshKey("contention");
      const lockers = await Promise.all([1, 2, 3, 4, 5].map(() => harness.newLocker()));
      const locks = await Promise.all(lockers.map((locker) => lockOn(locker, key)));
      expect(locks.filter((lock) => lock !== null)).toHaveLength(1);
      await Promise.all(locks.map((lock) => lock?.unlock()));
    });

    it("contention: the winner itself cannot take the same key twice", async () => {
      const key = freshKey("twice");
      const locker = await harness.newLocker();
      const first = await lockOn(locker, key);
      expect(first).not.toBeNull();
      expect(await lockOn(locker, key)).toBeNull();
      await first?.unlock();
    });

    it("keys are independent: two occurrences are two locks", async () => {
      const locker = await harness.newLocker();
      const a = await lockOn(locker, freshKey("independent-a"));
      const b = await lockOn(locker, freshKey("independent-b"));
      expect(a).not.toBeNull();
      expect(b).not.toBeNull();
      await Promise.all([a?.unlock(), b?.unlock()]);
    });

    it("mark done: after a short run's unlock the key is kept until its TTL ends", async () => {
      const key = freshKey("done");
      const [a, b] = await Promise.all([harness.newLocker(), harness.newLocker()]);
      const lock = await lockOn(a, key);
      expect(lock).not.toBeNull();
      await lock?.unlock();
      // A late instance (clock behind by half the TTL) must find the occurrence taken.
      expect(await lockOn(b, key)).toBeNull();
      await advance(T * 0.5);
      expect(await lockOn(b, key)).toBeNull();
      expect(await lockOn(a, key)).toBeNull();
    });

    it("expiry: once the TTL has passed after a short run, the key is free again", async () => {
      const key = freshKey("expiry");
      const [a, b] = await Promise.all([harness.newLocker(), harness.newLocker()]);
      const lock = await lockOn(a, key);
      await lock?.unlock();
      await advance(T * 1.5);
      const again = await lockOn(b, key);
      expect(again).not.toBeNull();
      await again?.unlock();
    });

    it("extension: a long run keeps its lock past the TTL and stops extending after unlock", async () => {
      const key = freshKey("extend");
      const [a, b] = await Promise.all([harness.newLocker(), harness.newLocker()]);
      const lock = await lockOn(a, key);
      expect(lock).not.toBeNull();
      for (let i = 0; i < 5; i += 1) await advance(T * 0.5); // 2.5 TTLs while the task runs
      expect(await lockOn(b, key)).toBeNull();
      await lock?.unlock();
      // Marked done, not deleted: the occurrence stays taken right after the long run ends...
      expect(await lockOn(b, key)).toBeNull();
      // ...and no extension outlives unlock(): at most one TTL later the key is gone.
      await advance(T * 1.5);
      const later = await lockOn(b, key);
      expect(later).not.toBeNull();
      await later?.unlock();
    });

    it("wrong owner: a stale lock's unlock() does not free the new owner's key", async () => {
      const key = freshKey("stale-unlock");
      const [a, b, c] = await Promise.all([harness.newLocker(), harness.newLocker(), harness.newLocker()]);
      const stale = await lockOn(a, key);
      await stale?.unlock();
      await advance(T * 1.5);
      const current = await lockOn(b, key);
      expect(current).not.toBeNull();
      await stale?.unlock(); // a second unlock of the old lock must not touch b's key
      expect(await lockOn(c, key)).toBeNull();
      await current?.unlock();
    });

    it("holder: five instances naming the same holder (a shared instanceId), asking at once: exactly one wins", async () => {
      const key = freshKey("same-holder");
      const lockers = await Promise.all([1, 2, 3, 4, 5].map(() => harness.newLocker()));
      const locks = await Promise.all(lockers.map((locker) => locker.lock(key, { ttlMs: T, holder: "node-a" })));
      expect(locks.filter((lock) => lock !== null)).toHaveLength(1);
      // The same holder again on the winner's locker: still taken.
      expect(await lockers[0]?.lock(key, { ttlMs: T, holder: "node-a" })).toBeNull();
      await Promise.all(locks.map((lock) => lock?.unlock()));
    });

    it("holder: a long run with a holder keeps its lock past the TTL (its extensions recognise it)", async () => {
      const key = freshKey("holder-extend");
      const [a, b] = await Promise.all([harness.newLocker(), harness.newLocker()]);
      const lock = await a.lock(key, { ttlMs: T, holder: 'nœud "a":1' });
      expect(lock).not.toBeNull();
      for (let i = 0; i < 3; i += 1) await advance(T * 0.5); // 1.5 TTLs while the task runs
      expect(await b.lock(key, { ttlMs: T, holder: "node-b" })).toBeNull();
      await lock?.unlock();
    });

    it.skipIf(!harness.drop)("wrong owner: a lock that lost its key cannot extend or unlock the new owner's", async () => {
      const key = freshKey("stale-extend");
      const [a, b, c] = await Promise.all([harness.newLocker(), harness.newLocker(), harness.newLocker()]);
      const stale = await lockOn(a, key); // a long run: a keeps trying to extend
      expect(stale).not.toBeNull();
      await harness.drop?.(key); // a's key vanished (as if it had expired during a partition)
      const current = await lockOn(b, key);
      expect(current).not.toBeNull();
      await current?.unlock(); // b's short run: its key must expire one TTL after b took it
      await advance(T * 0.5); // a's extension comes due (every third of the TTL) and must fail
      await stale?.unlock(); // must not delete b's key either
      expect(await lockOn(c, key)).toBeNull();
      await advance(T * 0.75); // 1.25 TTLs after b's SET: had a extended b's key, it would live on
      const free = await lockOn(c, key);
      expect(free).not.toBeNull();
      await free?.unlock();
    });
  });
}
