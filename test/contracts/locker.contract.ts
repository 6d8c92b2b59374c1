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
 * - `lockMany`: true when the lockers implement `lockMany` (the batch cases then run, on top of
 *   every `lock()` case); omitted or false, the suite checks that they do not.
 *
 * Keys are unique per test (random suffix), so one backend can serve the whole suite without
 * flushing. Times below are fractions of `ttlMs` with wide margins either side.
 */
import { describe, expect, it } from "vitest";
import type { Lock, Locker } from "../../src/distributed.ts";
import { MAX_LOCK_BATCH } from "../../src/lock-batch.ts";

export interface LockerHarness {
  ttlMs: number;
  newLocker(): Locker | Promise<Locker>;
  advance?(ms: number): Promise<void>;
  drop?(key: string): Promise<void>;
  lockMany?: boolean;
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
    it(`lockMany is ${harness.lockMany ? "" : "not "}implemented, as the harness says`, async () => {
      const locker = await harness.newLocker();
      expect(typeof locker.lockMany).toBe(harness.lockMany ? "function" : "undefined");
    });

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

  describe.skipIf(!harness.lockMany)(`Locker contract, lockMany: ${name}`, () => runLockManyCases(harness, advance));
}

/** The batch cases: `lockMany` has exactly `lock()`'s semantics, key by key, in one call. */
function runLockManyCases(harness: LockerHarness, advance: (ms: number) => Promise<void>): void {
  const T = harness.ttlMs;
  const many = (locker: Locker, keys: string[], holder?: string): Promise<(Lock | null)[]> => {
    if (!locker.lockMany) throw new Error("the harness says lockMany, the locker has none");
    return locker.lockMany(keys, holder === undefined ? { ttlMs: T } : { ttlMs: T, holder });
  };
  const lockOn = (locker: Locker, key: string): Promise<Lock | null> => locker.lock(key, { ttlMs: T });
  const keys = (label: string, n: number): string[] => Array.from({ length: n }, (_, i) => freshKey(`${label}${i}`));
  const won = (answer: (Lock | null)[]): boolean[] => answer.map((lock) => lock !== null);
  const unlockAll = (answer: (Lock | null)[]): Promise<unknown> => Promise.all(answer.map((lock) => lock?.unlock()));

  it("lockMany: free keys are all granted, one Lock with an unlock() per key", async () => {
    const locker = await harness.newLocker();
    const answer = await many(locker, keys("many-free", 3));
    expect(answer).toHaveLength(3);
    for (const lock of answer) expect(typeof lock?.unlock).toBe("function");
    await unlockAll(answer);
  });

  it("lockMany: another instance gets null for held keys and Locks for free ones, in the order asked", async () => {
    const [held1, held2, free1, free2] = keys("many-mixed", 4) as [string, string, string, string];
    const [a, b] = await Promise.all([harness.newLocker(), harness.newLocker()]);
    const first = await many(a, [held1, held2]);
    expect(won(first)).toEqual([true, true]);
    const second = await many(b, [free1, held1, free2, held2]);
    expect(won(second)).toEqual([true, false, true, false]);
    await unlockAll([...first, ...second]);
  });

  it("lockMany: of five instances asking for the same keys at once, each key has exactly one winner", async () => {
    const shared = keys("many-contention", 4);
    const lockers = await Promise.all([1, 2, 3, 4, 5].map(() => harness.newLocker()));
    // Each instance lists the keys in another order, as instances with other job orders would.
    const orders = lockers.map((_, i) => [...shared.slice(i % 4), ...shared.slice(0, i % 4)]);
    const answers = await Promise.all(lockers.map((locker, i) => many(locker, orders[i] as string[])));
    for (const key of shared) {
      const winners = answers.filter((answer, i) => answer[(orders[i] as string[]).indexOf(key)] !== null);
      expect(winners, key).toHaveLength(1);
    }
    await Promise.all(answers.map(unlockAll));
  });

  it("lockMany and lock() exclude each other: a key held by one is not taken by the other", async () => {
    const [byMany, byLock] = keys("many-vs-lock", 2) as [string, string];
    const [a, b] = await Promise.all([harness.newLocker(), harness.newLocker()]);
    const batch = await many(a, [byMany]);
    const single = await lockOn(a, byLock);
    expect(won(batch)).toEqual([true]);
    expect(single).not.toBeNull();
    expect(await lockOn(b, byMany)).toBeNull();
    expect(won(await many(b, [byLock, byMany]))).toEqual([false, false]);
    await unlockAll([...batch, single]);
  });

  it("lockMany: after unlock() the keys are kept until their TTL ends, then free again", async () => {
    const asked = keys("many-ttl", 2);
    const [a, b] = await Promise.all([harness.newLocker(), harness.newLocker()]);
    await unlockAll(await many(a, asked));
    expect(won(await many(b, asked))).toEqual([false, false]);
    await advance(T * 0.5);
    expect(won(await many(b, asked))).toEqual([false, false]);
    expect(await lockOn(b, asked[0] as string)).toBeNull();
    await advance(T); // 1.5 TTLs after the batch took them
    const again = await many(b, asked);
    expect(won(again)).toEqual([true, true]);
    await unlockAll(again);
  });

  it("lockMany: long runs keep every lock of the batch past the TTL; each stops extending at its own unlock()", async () => {
    const [k1, k2] = keys("many-extend", 2) as [string, string];
    const [a, b] = await Promise.all([harness.newLocker(), harness.newLocker()]);
    const [lock1, lock2] = await many(a, [k1, k2]);
    expect(lock1).not.toBeNull();
    expect(lock2).not.toBeNull();
    for (let i = 0; i < 5; i += 1) await advance(T * 0.5); // 2.5 TTLs while both tasks run
    expect(won(await many(b, [k1, k2]))).toEqual([false, false]);
    await lock1?.unlock(); // the first run ends; the second goes on
    expect(await lockOn(b, k1)).toBeNull(); // marked done, not deleted
    for (let i = 0; i < 3; i += 1) await advance(T * 0.5); // 1.5 TTLs more
    const after = await many(b, [k1, k2]);
    expect(won(after)).toEqual([true, false]); // k1 expired, k2 still extended
    await lock2?.unlock();
    await unlockAll(after);
  });

  it("lockMany: a stale lock's unlock() does not free the new owner's key", async () => {
    const [key] = keys("many-stale", 1) as [string];
    const [a, b, c] = await Promise.all([harness.newLocker(), harness.newLocker(), harness.newLocker()]);
    const [stale] = await many(a, [key]);
    await stale?.unlock();
    await advance(T * 1.5);
    const [current] = await many(b, [key]);
    expect(current).not.toBeNull();
    await stale?.unlock();
    expect(won(await many(c, [key]))).toEqual([false]);
    await current?.unlock();
  });

  it("lockMany: instances naming the same holder (a shared instanceId) still exclude each other", async () => {
    const asked = keys("many-holder", 2);
    const [a, b] = await Promise.all([harness.newLocker(), harness.newLocker()]);
    const first = await many(a, asked, "node-a");
    expect(won(first)).toEqual([true, true]);
    expect(won(await many(b, asked, "node-a"))).toEqual([false, false]);
    expect(won(await many(a, asked, "node-a"))).toEqual([false, false]);
    await unlockAll(first);
  });

  it(`lockMany: a batch as large as the scheduler sends (${MAX_LOCK_BATCH} keys) is answered whole`, async () => {
    const asked = keys("many-cap", MAX_LOCK_BATCH);
    const [a, b] = await Promise.all([harness.newLocker(), harness.newLocker()]);
    const answer = await many(a, asked);
    expect(answer).toHaveLength(MAX_LOCK_BATCH);
    expect(won(answer).every(Boolean)).toBe(true);
    // The last key is held too (nothing was cut off on the way).
    expect(await lockOn(b, asked[MAX_LOCK_BATCH - 1] as string)).toBeNull();
    await unlockAll(answer);
  });

  it("lockMany: duplicate keys (the scheduler never sends them) give at most one Lock, or a rejection", async () => {
    const [key] = keys("many-duplicate", 1) as [string];
    const locker = await harness.newLocker();
    let answer: (Lock | null)[] | null = null;
    try {
      answer = await many(locker, [key, key]);
    } catch {
      // A locker may refuse a batch with duplicates outright.
    }
    if (answer !== null) {
      expect(answer).toHaveLength(2);
      expect(won(answer).filter(Boolean).length).toBeLessThanOrEqual(1);
      await unlockAll(answer);
    }
  });

  it("lockMany: an already aborted signal rejects and takes none of the keys", async () => {
    const asked = keys("many-aborted", 2);
    const [a, b] = await Promise.all([harness.newLocker(), harness.newLocker()]);
    const controller = new AbortController();
    controller.abort(new Error("stopped"));
    await expect(a.lockMany?.(asked, { ttlMs: T, signal: controller.signal })).rejects.toBeDefined();
    const free = await many(b, asked);
    expect(won(free)).toEqual([true, true]);
    await unlockAll(free);
  });
}
