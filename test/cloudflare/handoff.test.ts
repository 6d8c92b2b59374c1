import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DurableObjectElector } from "../../adapters/cloudflare/index.ts";
import type { LeaseNamespace, LeaseResult, LeaseStub } from "../../adapters/cloudflare/types.ts";
import { cronJob } from "../../src/definitions/cron.ts";
import { FakeClock } from "../../src/fake-clock.ts";
import { Scheduler } from "../../src/scheduler.ts";
import { startWorker } from "./harness.ts";

// A graceful stop hands the lease over after the elector's margin, not at once, so an
// instance whose clock is behind cannot re-run what the old leader just ran. The lease object
// is the real one in workerd (real SQLite); its clock is pinned per call (TestLeaseObject.at),
// so every instant here is exact.
let mf: Miniflare;
beforeAll(async () => {
  mf = await startWorker({ entry: "test/cloudflare/fixture-worker.ts", durableObjects: { LEASES: "TestLeaseObject" } });
});
afterAll(() => mf?.dispose());

type Op = "acquire" | "renew" | "release";
interface PinnedObject {
  at(now: number, op: Op, ...args: unknown[]): Promise<any>;
}

async function object(name: string): Promise<PinnedObject> {
  const ns = await mf.getDurableObjectNamespace("LEASES");
  return ns.get(ns.idFromName(name)) as unknown as PinnedObject;
}

/** Lease calls of one instance, made at the true instant `trueNow()`; in-flight calls are tracked. */
class PinnedNamespace implements LeaseNamespace {
  readonly calls: Array<{ op: Op; at: number; args: unknown[]; result?: unknown }> = [];
  constructor(private readonly trueNow: () => number, private readonly inFlight: Set<Promise<unknown>>) {}

  getByName(name: string): LeaseStub {
    const call = (op: Op, args: unknown[]): Promise<any> => {
      const entry: { op: Op; at: number; args: unknown[]; result?: unknown } = { op, at: this.trueNow(), args };
      this.calls.push(entry);
      const pending = object(name).then((o) => o.at(entry.at, op, ...args)).then((result: unknown) => {
        entry.result = result;
        return result;
      });
      this.inFlight.add(pending);
      void pending.finally(() => this.inFlight.delete(pending)).catch(() => undefined);
      return pending;
    };
    return {
      acquire: (n, h, ttl) => call("acquire", [n, h, ttl]) as Promise<LeaseResult>,
      renew: (n, h, ttl) => call("renew", [n, h, ttl]) as Promise<LeaseResult>,
      release: (n, h, grace) => call("release", grace === undefined ? [n, h] : [n, h, grace]) as Promise<boolean>,
    };
  }
}

const T0 = Date.UTC(2026, 0, 1);
let seq = 0;

describe("LeaseObject.release with a grace (pinned object clock)", () => {
  test("the lease ends graceMs after the release, to the millisecond; then another takes it", async () => {
    const lease = await object(`grace-${++seq}`);
    expect(await lease.at(T0, "acquire", "leader", "a", 10_000)).toEqual({ held: true, remainingMs: 10_000, fence: 1 });
    expect(await lease.at(T0 + 1_000, "release", "leader", "a", 400)).toBe(true);
    expect(await lease.at(T0 + 1_000, "acquire", "leader", "b", 10_000)).toEqual({ held: false, remainingMs: 400, fence: 0 });
    expect(await lease.at(T0 + 1_399, "acquire", "leader", "b", 10_000)).toEqual({ held: false, remainingMs: 1, fence: 0 });
    expect(await lease.at(T0 + 1_400, "acquire", "leader", "b", 10_000)).toEqual({ held: true, remainingMs: 10_000, fence: 2 });
    // Released once, lost afterwards: a second release changes nothing.
    expect(await lease.at(T0 + 1_500, "release", "leader", "a", 400)).toBe(false);
    expect(await lease.at(T0 + 1_500, "acquire", "leader", "c", 10_000)).toEqual({ held: false, remainingMs: 9_900, fence: 0 });
  });

  test("a release never lengthens the lease; graceMs 0 frees it at once; only the holder releases", async () => {
    const lease = await object(`grace-${++seq}`);
    await lease.at(T0, "acquire", "leader", "a", 1_000);
    expect(await lease.at(T0 + 800, "release", "leader", "b", 0)).toBe(false);
    expect(await lease.at(T0 + 800, "acquire", "leader", "b", 1_000)).toEqual({ held: false, remainingMs: 200, fence: 0 });
    expect(await lease.at(T0 + 800, "release", "leader", "a", 5_000)).toBe(true);
    expect(await lease.at(T0 + 800, "acquire", "leader", "b", 1_000)).toEqual({ held: false, remainingMs: 200, fence: 0 });
    expect(await lease.at(T0 + 1_000, "acquire", "leader", "b", 1_000)).toEqual({ held: true, remainingMs: 1_000, fence: 2 });
    expect(await lease.at(T0 + 1_100, "release", "leader", "b", 0)).toBe(true);
    expect(await lease.at(T0 + 1_100, "acquire", "leader", "c", 1_000)).toEqual({ held: true, remainingMs: 1_000, fence: 3 });
  });

  test("a release without graceMs (an older client) leaves the lease to run out on its own", async () => {
    const lease = await object(`grace-${++seq}`);
    await lease.at(T0, "acquire", "leader", "a", 10_000);
    expect(await lease.at(T0 + 1_000, "release", "leader", "a")).toBe(true);
    expect(await lease.at(T0 + 1_000, "acquire", "leader", "b", 10_000)).toEqual({ held: false, remainingMs: 9_000, fence: 0 });
    expect(await lease.at(T0 + 10_000, "acquire", "leader", "b", 10_000)).toEqual({ held: true, remainingMs: 10_000, fence: 2 });
  });
});

describe("DurableObjectElector.stop() hands over after marginMs", () => {
  test("a follower asking right after the stop is not leader; it leads once marginMs has passed", async () => {
    const name = `elector-${++seq}`;
    const inFlight = new Set<Promise<unknown>>();
    const clockA = new FakeClock(T0);
    const clockB = new FakeClock(T0);
    const nsA = new PinnedNamespace(() => clockA.now(), inFlight);
    const nsB = new PinnedNamespace(() => clockB.now(), inFlight);
    const options = { name, ttlMs: 3_000, marginMs: 500, timeoutMs: 2_000 };
    const a = new DurableObjectElector({ ...options, namespace: nsA, instanceId: "a", clock: clockA });
    expect(await a.isLeader()).toBe(true);
    await clockA.advance(700);
    await clockB.advance(700);
    await a.stop();
    expect(nsA.calls.at(-1)).toEqual({ op: "release", at: T0 + 700, args: [name, "a", 500], result: true });

    const b = new DurableObjectElector({ ...options, namespace: nsB, instanceId: "b", clock: clockB });
    expect(await b.isLeader()).toBe(false);
    expect(nsB.calls.at(-1)?.result).toEqual({ held: false, remainingMs: 500, fence: 0 });
    // b trusts that answer for exactly the 500 ms left, then asks again and takes the lease.
    await clockB.advance(499);
    expect(await b.isLeader()).toBe(false);
    expect(nsB.calls).toHaveLength(1);
    await clockB.advance(1);
    expect(await b.isLeader()).toBe(true);
    expect(nsB.calls.at(-1)).toEqual({ op: "acquire", at: T0 + 1_200, args: [name, "b", 3_000], result: { held: true, remainingMs: 3_000, fence: 2 } });
    await b.stop();
  });
});

describe("graceful handoff between two schedulers, the follower's clock 300 ms behind", () => {
  test("no scheduled instant runs twice and none is missed; the follower leads within marginMs plus one check", async () => {
    const name = `handoff-${++seq}`;
    const SKEW = 300;
    const MARGIN = 1_000;
    const inFlight = new Set<Promise<unknown>>();
    const clockA = new FakeClock(T0 + 500);
    const clockB = new FakeClock(T0 + 500 - SKEW);
    const trueNow = () => clockA.now();
    const nsA = new PinnedNamespace(() => clockA.now(), inFlight);
    const nsB = new PinnedNamespace(() => clockB.now() + SKEW, inFlight);
    const options = { name, ttlMs: 3_000, marginMs: MARGIN, timeoutMs: 2_000 };
    const electorA = new DurableObjectElector({ ...options, namespace: nsA, instanceId: "a", clock: clockA });
    const electorB = new DurableObjectElector({ ...options, namespace: nsB, instanceId: "b", clock: clockB });
    const runs = new Map<number, string[]>();
    const record = (who: string) => ({ scheduledAt }: { scheduledAt: Date }) => {
      const at = scheduledAt.getTime();
      runs.set(at, [...(runs.get(at) ?? []), who]);
    };
    const a = new Scheduler({ clock: clockA, elector: electorA });
    const b = new Scheduler({ clock: clockB, elector: electorB });
    a.newJob(cronJob("* * * * * *", { withSeconds: true }), record("a"), { name: "tick" });
    b.newJob(cronJob("* * * * * *", { withSeconds: true }), record("b"), { name: "tick" });
    // A asks first and leads.
    expect(await electorA.isLeader()).toBe(true);
    a.start();
    b.start();

    // Both clocks move 1 ms at a time in step; each lease call finishes before time moves on.
    const settle = async () => {
      while (inFlight.size > 0) {
        await Promise.allSettled([...inFlight]);
        await clockA.flush();
        await clockB.flush();
      }
    };
    const runFor = async (ms: number) => {
      for (let i = 0; i < ms; i++) {
        await clockA.advance(1);
        await clockB.advance(1);
        await settle();
      }
    };

    await runFor(3_550); // true time T0 + 4050: A has just run T0 + 4000
    expect(runs.get(T0 + 4_000)).toEqual(["a"]);
    // The README's SIGTERM path.
    await a.shutdown();
    await electorA.stop();
    const stoppedAt = trueNow();
    await runFor(4_000);

    const instants = [...runs.keys()].sort((x, y) => x - y);
    expect(instants).toEqual(Array.from({ length: 7 }, (_, i) => T0 + 1_000 * (i + 1)));
    for (const at of instants) expect(runs.get(at), new Date(at).toISOString()).toHaveLength(1);
    const firstOfB = instants.find((at) => runs.get(at)?.[0] === "b") as number;
    // B's first run is the first of its instants after the lease's grace ended (true time).
    expect(firstOfB).toBe(T0 + 5_000);
    expect(firstOfB + SKEW - stoppedAt).toBeLessThanOrEqual(MARGIN + 1_000);
    expect(runs.get(T0 + 4_000)).toEqual(["a"]);
    await b.shutdown();
    await electorB.stop();
  }, 60_000);
});
