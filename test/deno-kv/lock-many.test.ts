// DenoKvLocker.lockMany on a FakeClock over the in-memory KV: order, limits, races, and the
// extension of a batch's long runs together.
import { beforeEach, describe, expect, it } from "vitest";
import type { DenoKv } from "../../adapters/deno-kv/index.ts";
import { FakeKv } from "./fake-kv.ts";
import { START, lockerWorld } from "./locker-world.ts";

let { clock, store, locker, stored } = lockerWorld();
beforeEach(() => ({ clock, store, locker, stored } = lockerWorld()));

describe("DenoKvLocker.lockMany", () => {
  it("one entry per key in order, Lock when won and null when held; 25 keys cost 3 getMany and 1 commit", async () => {
    const keys = Array.from({ length: 25 }, (_, i) => `job-${i}@1`);
    await locker().lockMany([keys[3] as string, keys[17] as string, keys[24] as string], { ttlMs: 6_000 });
    const before = { ...store.sent };
    const locks = await locker().lockMany(keys, { ttlMs: 6_000, holder: "b" });
    expect(locks.map((l) => l !== null)).toEqual(keys.map((_, i) => ![3, 17, 24].includes(i)));
    expect(store.sent.getMany - before.getMany).toBe(3);
    expect(store.sent.commit - before.commit).toBe(1);
  });

  it("a key named twice is taken once: the first entry gets the lock, the repeat null; no keys, no calls", async () => {
    const locks = await locker().lockMany(["a@1", "b@1", "a@1"], { ttlMs: 6_000 });
    expect(locks.map((l) => l !== null)).toEqual([true, true, false]);
    expect(await locker().lockMany([], { ttlMs: 6_000 })).toEqual([]);
    expect(store.sent).toEqual({ get: 0, getMany: 1, commit: 1, failedCommit: 0 });
  });

  it("150 keys: two commits (100 checks at most each, Deno KV's limit), 15 getMany", async () => {
    const keys = Array.from({ length: 150 }, (_, i) => `job-${i}@1`);
    const locks = await locker().lockMany(keys, { ttlMs: 6_000 });
    expect(locks.every((l) => l !== null)).toBe(true);
    expect(store.sent).toEqual({ get: 0, getMany: 15, commit: 2, failedCommit: 0 });
  });

  it("long keys: commits split by key bytes, each within Deno KV's 81,920 (the fake enforces it)", async () => {
    const keys = Array.from({ length: 30 }, (_, i) => `${"x".repeat(1_900)}-${i}@1`);
    const locks = await locker().lockMany(keys, { ttlMs: 6_000 });
    expect(locks.every((l) => l !== null)).toBe(true);
    expect(store.sent.commit).toBe(4);
  });

  it("a key taken by another instance between the read and the commit: the commit fails, all is read again, that key is null and the rest are won", async () => {
    const { kv } = store.connect();
    let raced = false;
    const racing: DenoKv = {
      ...kv,
      getMany: async (keys) => {
        const read = await kv.getMany(keys);
        if (!raced) {
          raced = true;
          await locker().lock("b@1", { ttlMs: 6_000, holder: "other" });
        }
        return read;
      },
      atomic: () => kv.atomic(),
    };
    const locks = await locker(racing).lockMany(["a@1", "b@1", "c@1"], { ttlMs: 6_000, holder: "me" });
    expect(locks.map((l) => l !== null)).toEqual([true, false, true]);
    expect(store.sent.failedCommit).toBe(1);
    expect((stored("b@1").value as { holder: string }).holder.startsWith("other:")).toBe(true);
    expect((stored("a@1").value as { holder: string }).holder.startsWith("me:")).toBe(true);
  });
});

describe("DenoKvLocker: long runs of one lockMany batch are extended together", () => {
  it("25 held locks: one commit per third of the TTL for all of them; unlocked ones drop out; extending stops with the last", async () => {
    const keys = Array.from({ length: 25 }, (_, i) => `job-${i}@1`);
    const locks = await locker().lockMany(keys, { ttlMs: 6_000 });
    const base = { ...store.sent };
    await clock.advance(2_000);
    expect(store.sent.commit - base.commit).toBe(1);
    expect(keys.map((k) => (stored(k).value as { expiresAt: number }).expiresAt)).toEqual(keys.map(() => START + 8_000));
    await Promise.all(locks.slice(0, 20).map((lock) => lock?.unlock()));
    await clock.advance(2_000);
    expect(store.sent.commit - base.commit).toBe(2);
    expect((stored("job-0@1").value as { expiresAt: number }).expiresAt).toBe(START + 8_000);
    expect((stored("job-24@1").value as { expiresAt: number }).expiresAt).toBe(START + 10_000);
    await Promise.all(locks.map((lock) => lock?.unlock()));
    await clock.advance(10_000);
    expect(store.sent.commit - base.commit).toBe(2);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("150 held locks: two commits per tick (Deno KV's 100 checks a commit)", async () => {
    const keys = Array.from({ length: 150 }, (_, i) => `job-${i}@1`);
    const locks = await locker().lockMany(keys, { ttlMs: 6_000 });
    const base = store.sent.commit;
    await clock.advance(2_000);
    expect(store.sent.commit - base).toBe(2);
    await Promise.all(locks.map((lock) => lock?.unlock()));
  });

  it("one key of the batch changed hands: the batch commit fails, one read sorts it out, that lock drops out and the others go on", async () => {
    const keys = ["a@1", "b@1", "c@1"];
    const locks = await locker().lockMany(keys, { ttlMs: 6_000 });
    store.data.delete(FakeKv.id(["isocron", "lock", "b@1"]));
    await locker().lock("b@1", { ttlMs: 6_000, holder: "other" });
    const base = { ...store.sent };
    await clock.advance(2_000); // the batch's check of b fails; the other's lock of b extends itself
    expect(store.sent.failedCommit - base.failedCommit).toBe(1);
    expect(store.sent.getMany - base.getMany).toBe(1);
    // a and c were extended right after the read, not a third of the TTL later
    expect((stored("a@1").value as { expiresAt: number }).expiresAt).toBe(START + 8_000);
    await clock.advance(2_000);
    expect((stored("a@1").value as { expiresAt: number }).expiresAt).toBe(START + 10_000);
    expect((stored("c@1").value as { expiresAt: number }).expiresAt).toBe(START + 10_000);
    expect((stored("b@1").value as { holder: string }).holder.startsWith("other:")).toBe(true);
    expect(store.sent.failedCommit - base.failedCommit).toBe(1);
    await Promise.all(locks.map((lock) => lock?.unlock()));
  });
});
