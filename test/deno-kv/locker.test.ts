import { beforeEach, describe, expect, it } from "vitest";
import { DenoKvLocker, type DenoKv } from "../../adapters/deno-kv/index.ts";
import { SchedulerError } from "../../src/errors.ts";
import { FakeKv } from "./fake-kv.ts";
import { START, lockerWorld } from "./locker-world.ts";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
let { clock, store, locker, stored } = lockerWorld();
beforeEach(() => ({ clock, store, locker, stored } = lockerWorld()));
const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as SchedulerError);

describe("DenoKvLocker: what one lock costs and stores", () => {
  it("a free key: one getMany and one commit; the value is { holder: <holder>:<uuid>, expiresAt: now + ttl }, deleted no earlier than the TTL", async () => {
    const lock = await locker().lock("job@1", { ttlMs: 6_000, holder: "node-a" });
    expect(lock).not.toBeNull();
    expect(store.sent).toEqual({ get: 0, getMany: 1, commit: 1, failedCommit: 0 });
    const { value } = stored("job@1");
    expect((value as { holder: string }).holder).toMatch(new RegExp(`^node-a:${UUID}$`));
    expect((value as { expiresAt: number }).expiresAt).toBe(START + 6_000);
    expect(store.data.get(FakeKv.id(["isocron", "lock", "job@1"]))?.deleteAfter).toBe(START + 6_000);
  });

  it("without a holder the value holds the uuid alone; a prefix places the key", async () => {
    await locker(store.connect().kv, { prefix: ["app", 7] }).lock("job@1", { ttlMs: 6_000 });
    expect((store.read(["app", 7, "job@1"]).value as { holder: string }).holder).toMatch(new RegExp(`^${UUID}$`));
  });

  it("a held key: null, after one getMany and no commit", async () => {
    await locker().lock("job@1", { ttlMs: 6_000 });
    const before = { ...store.sent };
    expect(await locker().lock("job@1", { ttlMs: 6_000 })).toBeNull();
    expect(store.sent.getMany - before.getMany).toBe(1);
    expect(store.sent.commit - before.commit).toBe(0);
  });

  it("an expired value KV has not deleted yet counts as absent: taken over with a check of its versionstamp", async () => {
    await (await locker().lock("job@1", { ttlMs: 6_000 }))?.unlock(); // a short run: nothing extends it
    const old = stored("job@1").versionstamp;
    await clock.advance(5_999);
    expect(await locker().lock("job@1", { ttlMs: 6_000 })).toBeNull();
    await clock.advance(1);
    expect(store.data.size).toBe(1); // never swept: only expiresAt says it is over
    expect(await locker().lock("job@1", { ttlMs: 6_000, holder: "late" })).not.toBeNull();
    expect(stored("job@1").versionstamp).not.toBe(old);
    expect((stored("job@1").value as { holder: string }).holder.startsWith("late:")).toBe(true);
  });

  it("a value that is not an isocron lock: LockerFailed, nothing written", async () => {
    const { kv } = store.connect();
    await kv.atomic().set(["isocron", "lock", "job@1"], "something else").commit();
    const error = await failure(locker().lock("job@1", { ttlMs: 6_000 }));
    expect(error?.code).toBe("LockerFailed");
    expect(error?.message).toBe('[isocron] LockerFailed: DenoKvLocker: key ["isocron", "lock", "job@1"] holds a value that is not an isocron lock');
    expect(stored("job@1").value).toBe("something else");
  });
});

describe("DenoKvLocker: failures are LockerFailed, bounded in time", () => {
  it("a KV that never answers: rejected after timeoutMs, nothing held", async () => {
    const { kv, state } = store.connect();
    state.mode = "hang";
    const pending = failure(locker(kv, { timeoutMs: 1_000 }).lock("job@1", { ttlMs: 60_000 }));
    let settled = false;
    void pending.then(() => (settled = true));
    await clock.advance(999);
    expect(settled).toBe(false);
    await clock.advance(1);
    const error = await pending;
    expect(error?.code).toBe("LockerFailed");
    expect(error?.message).toBe('[isocron] LockerFailed: DenoKvLocker could not take lock "job@1": no answer within 1000 ms');
  });

  it("the timeout is at most a third of the TTL", async () => {
    const { kv, state } = store.connect();
    state.mode = "hang";
    const pending = failure(locker(kv).lock("job@1", { ttlMs: 900 }));
    await clock.advance(300);
    expect((await pending)?.message).toContain("no answer within 300 ms");
  });

  it("a failing KV: LockerFailed with the KV's error as the cause", async () => {
    const { kv, state } = store.connect();
    state.mode = "fail";
    const error = await failure(locker(kv).lock("job@1", { ttlMs: 6_000 }));
    expect(error?.message).toBe('[isocron] LockerFailed: DenoKvLocker could not take lock "job@1": Error: connection lost');
    expect((error?.cause as Error).message).toBe("connection lost");
  });

  it("a credential in a KV error (a bearer token, a URL's user and password) appears neither in the message nor in the cause", async () => {
    const kv: DenoKv = {
      ...store.connect().kv,
      getMany: () => Promise.reject(new TypeError("401 from https://user:s3cret@kv.example/connect with Bearer tok-123")),
    };
    const error = await failure(locker(kv).lock("job@1", { ttlMs: 6_000 }));
    expect(error?.message).toBe('[isocron] LockerFailed: DenoKvLocker could not take lock "job@1": TypeError: 401 from https://***@kv.example/connect with Bearer ***');
    expect(String((error?.cause as Error).message)).toBe("401 from https://***@kv.example/connect with Bearer ***");
    expect((error?.cause as Error).name).toBe("TypeError");
    expect(`${error?.stack} ${(error?.cause as Error).stack}`).not.toMatch(/s3cret|tok-123/);
  });

  it("SQLite's 'database is locked' (another process writing the file) is retried on the clock until it passes", async () => {
    const { kv, state } = store.connect();
    state.busyCalls = 3;
    const pending = locker(kv).lock("job@1", { ttlMs: 6_000 });
    await clock.advance(100);
    expect(await pending).not.toBeNull();
    expect(state.busyCalls).toBe(0);
  });

  it("a commit that landed though its answer said 'database is locked': the retry's check fails, the read finds this call's own holder, the lock is won", async () => {
    const { kv, state } = store.connect();
    state.landedBusyCalls = 1; // the commit lands, then says busy
    const pending = locker(kv).lock("job@1", { ttlMs: 6_000, holder: "me" });
    await clock.advance(100);
    expect(await pending).not.toBeNull();
    expect(store.sent).toEqual({ get: 0, getMany: 2, commit: 2, failedCommit: 1 });
    expect((stored("job@1").value as { holder: string }).holder.startsWith("me:")).toBe(true);
  });

  it("the caller's abort: LockerFailed 'aborted'", async () => {
    const { kv, state } = store.connect();
    state.mode = "hang";
    const abort = new AbortController();
    const pending = failure(locker(kv).lock("job@1", { ttlMs: 6_000, signal: abort.signal }));
    abort.abort(new Error("shutdown"));
    expect((await pending)?.message).toBe('[isocron] LockerFailed: DenoKvLocker could not take lock "job@1": aborted');
  });

  it("an unusable holder or TTL is LockerFailed before anything is sent", async () => {
    expect((await failure(locker().lock("job@1", { ttlMs: 6_000, holder: "" })))?.message).toBe(
      '[isocron] LockerFailed: DenoKvLocker: holder must be a string of 1 to 200 characters, got ""');
    expect((await failure(locker().lock("job@1", { ttlMs: 0 })))?.message).toBe("[isocron] LockerFailed: DenoKvLocker got an invalid lock ttlMs 0");
    expect((await failure(locker().lockMany("job@1" as unknown as string[], { ttlMs: 6_000 })))?.code).toBe("LockerFailed");
    expect(store.sent).toEqual({ get: 0, getMany: 0, commit: 0, failedCommit: 0 });
  });
});

describe("DenoKvLocker: long runs", () => {
  it("a held lock is extended every third of the TTL with one commit and no read, and unlock() stops it without writing", async () => {
    const lock = await locker().lock("job@1", { ttlMs: 6_000 });
    const base = { ...store.sent };
    await clock.advance(2_000);
    expect(store.sent.commit - base.commit).toBe(1);
    expect((stored("job@1").value as { expiresAt: number }).expiresAt).toBe(START + 8_000);
    await clock.advance(2_000);
    expect(store.sent.commit - base.commit).toBe(2);
    expect(store.sent.getMany + store.sent.get - base.getMany - base.get).toBe(0);
    await lock?.unlock();
    await clock.advance(10_000);
    expect(store.sent.commit - base.commit).toBe(2);
  });

  it("an extension that timed out but landed: the next one's check fails, its read finds the lock's own holder, and extending goes on", async () => {
    const { kv, state } = store.connect();
    const lock = await locker(kv).lock("job@1", { ttlMs: 6_000 });
    state.mode = "lost";
    await clock.advance(2_000); // the extension commits, but its answer never comes
    expect((stored("job@1").value as { expiresAt: number }).expiresAt).toBe(START + 8_000);
    await clock.advance(2_000); // timed out at a third of the TTL, re-armed
    state.mode = "ok";
    await clock.advance(2_000);
    expect(store.sent.failedCommit).toBe(1);
    // adopted after one read, and extended at once
    expect((stored("job@1").value as { expiresAt: number }).expiresAt).toBe(START + 12_000);
    await clock.advance(2_000);
    expect((stored("job@1").value as { expiresAt: number }).expiresAt).toBe(START + 14_000);
    await lock?.unlock();
  });

  it("a lock whose key changed hands stops extending after one failed check (and one read to be sure)", async () => {
    const lock = await locker().lock("job@1", { ttlMs: 6_000 });
    store.data.delete(FakeKv.id(["isocron", "lock", "job@1"]));
    const other = await locker().lock("job@1", { ttlMs: 6_000, holder: "other" });
    const base = { ...store.sent };
    await clock.advance(2_000); // both extend: ours fails its check, the other's succeeds
    expect(store.sent.failedCommit - base.failedCommit).toBe(1);
    expect(store.sent.getMany - base.getMany).toBe(1);
    await clock.advance(6_000);
    expect(store.sent.failedCommit - base.failedCommit).toBe(1);
    expect((stored("job@1").value as { holder: string }).holder.startsWith("other:")).toBe(true);
    await Promise.all([lock?.unlock(), other?.unlock()]);
  });
});

describe("DenoKvLocker options", () => {
  it("each problem is WithLockerInvalid naming the option", () => {
    const kv = store.connect().kv;
    const cases: Array<[unknown, string]> = [
      [undefined, "DenoKvLocker needs an options object, got undefined"],
      [{}, "DenoKvLocker option kv must be a Deno.Kv (from Deno.openKv()), got undefined"],
      [{ kv, prefix: "isocron" }, 'DenoKvLocker option prefix must be a Deno KV key (an array of strings, numbers, bigints, booleans or Uint8Arrays), got "isocron"'],
      [{ kv, ttlMs: 2 }, "DenoKvLocker option ttlMs must be an integer number of ms from 3 to 2147483647, got 2"],
      [{ kv, timeoutMs: 0 }, "DenoKvLocker option timeoutMs must be an integer number of ms from 1 to 2147483647, got 0"],
      [{ kv, clock: {} }, "DenoKvLocker option clock must have now(), setTimer() and clearTimer(), got an object"],
      [{ kv, ttl: 5 }, 'DenoKvLocker has no option "ttl" (known: kv, prefix, ttlMs, timeoutMs, clock)'],
    ];
    for (const [options, message] of cases) {
      const error = (() => {
        try {
          new DenoKvLocker(options as never);
          return null;
        } catch (e) {
          return e as SchedulerError;
        }
      })();
      expect(error?.code).toBe("WithLockerInvalid");
      expect(error?.message).toBe(`[isocron] WithLockerInvalid: ${message}`);
    }
  });
});
