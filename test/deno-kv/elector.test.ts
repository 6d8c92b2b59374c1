import { beforeEach, describe, expect, it } from "vitest";
import { DenoKvElector, type DenoKv } from "../../adapters/deno-kv/index.ts";
import { SchedulerError } from "../../src/errors.ts";
import { FakeClock } from "../../src/fake-clock.ts";
import { FakeKv } from "./fake-kv.ts";

const START = Date.UTC(2026, 0, 1);
const LEASE = ["isocron", "leader"];
let clock: FakeClock;
let store: FakeKv;
beforeEach(() => {
  clock = new FakeClock(START);
  store = new FakeKv(clock);
});
const elector = (instanceId: string, kv: DenoKv = store.connect().kv, extra: Record<string, unknown> = {}) =>
  new DenoKvElector({ kv, clock, instanceId, ttlMs: 3_000, checkMs: 1_000, ...extra });
const lease = () => store.read(LEASE).value as { holder: string; expiresAt: number } | null;

describe("DenoKvElector: costs", () => {
  it("taking a free lease is one read and one commit; the value is { holder: instanceId, expiresAt: now + ttl }", async () => {
    const a = elector("a");
    expect(await a.isLeader()).toBe(true);
    expect(store.sent).toEqual({ get: 1, getMany: 0, commit: 1, failedCommit: 0 });
    expect(lease()).toEqual({ holder: "a", expiresAt: START + 3_000 });
    await a.stop();
  });

  it("the leader renews with one versionstamp-checked commit and no read, once a third of the lease has passed; many calls between cost nothing", async () => {
    const a = elector("a");
    await a.isLeader();
    const base = { ...store.sent };
    for (let step = 0; step < 30; step += 1) {
      await clock.advance(100); // 3 s: every job's isLeader() in between is answered locally
      for (let job = 0; job < 10; job += 1) expect(await a.isLeader()).toBe(true);
    }
    // Renewals at 1.0 s, 2.0 s and 3.0 s after the take (each a third of the lease after the last).
    expect(store.sent.commit - base.commit).toBe(3);
    expect(store.sent.get - base.get).toBe(0);
    expect(lease()).toEqual({ holder: "a", expiresAt: START + 6_000 });
    await a.stop();
  });

  it("a follower reads the lease once per checkMs and never writes while it is held", async () => {
    const a = elector("a");
    const b = elector("b");
    await a.isLeader();
    const base = { ...store.sent };
    for (let step = 0; step < 30; step += 1) {
      await clock.advance(100);
      await a.isLeader();
      expect(await b.isLeader()).toBe(false);
    }
    expect(store.sent.get - base.get).toBe(3);
    expect(store.sent.failedCommit).toBe(0);
    await Promise.all([a.stop(), b.stop()]);
  });
});

describe("DenoKvElector: expiry in the value", () => {
  it("an expired lease KV has not deleted yet counts as absent: another instance takes it with a check of its versionstamp", async () => {
    const a = elector("a", store.connect().kv);
    await a.isLeader();
    const [b, c] = [elector("b"), elector("c")];
    await clock.advance(2_999);
    expect(await b.isLeader()).toBe(false);
    await clock.advance(1);
    expect(store.data.size).toBe(1);
    expect(await c.isLeader()).toBe(true);
    expect(lease()).toEqual({ holder: "c", expiresAt: START + 6_000 });
    expect(await a.isLeader()).toBe(false); // a's renewal finds its versionstamp gone, reads, follows
    await Promise.all([a.stop(), b.stop(), c.stop()]);
  });

  it("stop() shortens the lease to marginMs (600 ms) instead of deleting it; another instance leads once it passed", async () => {
    const a = elector("a");
    const b = elector("b");
    await a.isLeader();
    await clock.advance(500);
    await a.stop();
    expect(lease()).toEqual({ holder: "a", expiresAt: START + 500 + 600 });
    expect(store.data.get(FakeKv.id(LEASE))?.deleteAfter).toBe(START + 500 + 600);
    expect(await b.isLeader()).toBe(false);
    await clock.advance(1_000);
    expect(await b.isLeader()).toBe(true);
    await b.stop();
  });

  it("stop() of a follower writes nothing", async () => {
    const a = elector("a");
    const b = elector("b");
    await a.isLeader();
    await b.isLeader();
    const commits = store.sent.commit;
    await b.stop();
    expect(store.sent.commit).toBe(commits);
    await a.stop();
  });
});

describe("DenoKvElector: failures", () => {
  it("a lease value that is not isocron's: ElectorFailed, nothing written", async () => {
    await store.connect().kv.atomic().set(LEASE, { owner: "someone" }).commit();
    const error = await elector("a").isLeader().then(() => null, (e: unknown) => e as SchedulerError);
    expect(error?.code).toBe("ElectorFailed");
    expect(error?.message).toBe("[isocron] ElectorFailed: DenoKvElector: the lease key holds a value that is not an isocron lease");
    expect(store.read(LEASE).value).toEqual({ owner: "someone" });
  });

  it("a KV that never answers: ElectorFailed after timeoutMs; callers meanwhile share the error without new requests", async () => {
    const { kv, state } = store.connect();
    state.mode = "hang";
    const a = elector("a", kv, { timeoutMs: 400 });
    const pending = a.isLeader().then(() => null, (e: unknown) => e as SchedulerError);
    await clock.advance(400);
    const error = await pending;
    expect(error?.message).toBe("[isocron] ElectorFailed: DenoKvElector could not renew its lease: no answer within 400 ms");
    state.mode = "ok";
    const again = await a.isLeader().then(() => null, (e: unknown) => e);
    expect(again).toBe(error); // within min(checkMs, ttl / 6) = 500 ms of the failed send
    await clock.advance(100);
    expect(await a.isLeader()).toBe(true);
  });

  it("a renewal that landed but whose answer was lost: the lease is found to be its own by a read and led at once (Deno KV loses nothing it acknowledged)", async () => {
    const { kv, state } = store.connect();
    const a = elector("a", kv, { timeoutMs: 400 });
    expect(await a.isLeader()).toBe(true);
    await clock.set(START + 1_000);
    state.mode = "lost";
    expect(await a.isLeader()).toBe(true); // the background renewal lands (lease to 4000) and never answers
    await clock.set(START + 1_400); // it times out: the versionstamp is no longer trusted
    state.mode = "ok";
    await clock.set(START + 3_500); // past the lease the elector knew of, inside the one that landed
    const base = { ...store.sent };
    expect(await a.isLeader()).toBe(true);
    expect({ get: store.sent.get - base.get, commit: store.sent.commit - base.commit }).toEqual({ get: 1, commit: 1 });
    expect(lease()).toEqual({ holder: "a", expiresAt: START + 6_500 });
  });
});

describe("DenoKvElector options", () => {
  it("each problem is WithElectorInvalid naming the option", () => {
    const kv = store.connect().kv;
    const cases: Array<[unknown, string]> = [
      [{ kv, key: [] }, "DenoKvElector option key must be a Deno KV key (an array of strings, numbers, bigints, booleans or Uint8Arrays), got []"],
      [{ kv, ttlMs: 29 }, "DenoKvElector option ttlMs must be an integer number of ms from 30 to 2147483647, got 29"],
      [{ kv, ttlMs: 3_000, marginMs: 2_000 }, "DenoKvElector option marginMs must be below two thirds of ttlMs (3000), got 2000"],
      [{ kv, instanceId: "" }, 'DenoKvElector option instanceId must be a string of 1 to 200 characters, got ""'],
      [{ kv: { get() {} } }, "DenoKvElector option kv must be a Deno.Kv (from Deno.openKv()), got an object"],
    ];
    for (const [options, message] of cases) {
      let error: SchedulerError | null = null;
      try {
        new DenoKvElector(options as never);
      } catch (e) {
        error = e as SchedulerError;
      }
      expect(error?.code).toBe("WithElectorInvalid");
      expect(error?.message).toBe(`[isocron] WithElectorInvalid: ${message}`);
    }
  });

  it("defaults: key ['isocron', 'leader'], a random uuid as instanceId", () => {
    const e = new DenoKvElector({ kv: store.connect().kv });
    expect(e.key).toEqual(["isocron", "leader"]);
    expect(e.instanceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
