/**
 * The one elector contract suite, run against every {@link Elector} implementation: the
 * in-memory double, Upstash (real Redis through the REST proxy) and the Durable Object.
 *
 * Usage, in a `*.test.ts` file:
 *
 * ```ts
 * runElectorContract("upstash", {
 *   ttlMs: 2000,
 *   checkMs: 500,
 *   newElector: (key) => {
 *     const client = proxy.newClient();            // its own token, so it can be cut off alone
 *     const elector = new UpstashElector({ redis: client.redis, key, ttlMs: 2000, checkMs: 500 });
 *     return { elector, setReachable: (up) => proxy.setDown(client.token, !up) };
 *   },
 * });
 * ```
 *
 * The harness (functions are called lazily inside tests, so they may use what the caller's
 * `beforeAll` set up):
 * - `ttlMs`: the lease TTL the electors are built with.
 * - `checkMs`: how long a follower may wait before asking the backend again. The failover
 *   bound under test is `ttlMs + checkMs`, and a released lease must be taken within `checkMs`.
 * - `newElector(key)`: a NEW instance (like another process) competing for the lease `key`.
 *   `key` is unique per test, so one backend serves the whole suite. Returns the elector (with
 *   `stop()`, which releases the lease) and `setReachable(up)`, which cuts this instance off
 *   from the backend (its requests fail or hang) and restores it.
 * - `advance(ms)`: lets time pass for backend and electors: a fake clock's `advance`, or (the
 *   default when omitted) a real sleep.
 *
 * "Leader" below means `isLeader()` resolved `true`; a rejection counts as not leading (the
 * scheduler skips the run and reports the error).
 */
import { describe, expect, it } from "vitest";
import type { Elector } from "../../src/distributed.ts";

export interface ElectorUnderTest {
  elector: Elector & { stop(): Promise<void> };
  setReachable(up: boolean): void;
}

export interface ElectorHarness {
  ttlMs: number;
  checkMs: number;
  newElector(key: string): ElectorUnderTest | Promise<ElectorUnderTest>;
  advance?(ms: number): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let counter = 0;
function freshKey(label: string): string {
  counter += 1;
  return `contract-lease-${label}-${Math.random().toString(36).slice(2, 8)}-${counter}`;
}

/** `isLeader()` as a boolean, a rejection counting as `false`. */
export async function leads(elector: Elector): Promise<boolean> {
  try {
    return (await elector.isLeader()) === true;
  } catch {
    return false;
  }
}

export function runElectorContract(name: string, harness: ElectorHarness): void {
  const advance = (ms: number) => (harness.advance ? harness.advance(ms) : sleep(ms));
  const T = harness.ttlMs;
  const newGroup = (key: string, n: number) =>
    Promise.all(Array.from({ length: n }, () => harness.newElector(key)));
  const stopAll = (group: ElectorUnderTest[]) =>
    Promise.all(group.map((member) => member.elector.stop().catch(() => undefined)));

  describe(`Elector contract: ${name}`, () => {
    it("acquire: a lone instance becomes leader and stays leader across renewals", async () => {
      const [only] = await newGroup(freshKey("acquire"), 1);
      if (!only) throw new Error("harness returned no elector");
      expect(await leads(only.elector)).toBe(true);
      for (let i = 0; i < 8; i += 1) {
        await advance(T / 4); // two full TTLs, asking often enough to renew
        expect(await leads(only.elector)).toBe(true);
      }
      await stopAll([only]);
    });

    it("contention: of three instances exactly one leads, the same one, as time passes", async () => {
      const group = await newGroup(freshKey("contention"), 3);
      const first = await Promise.all(group.map((member) => leads(member.elector)));
      expect(first.filter(Boolean)).toHaveLength(1);
      const leader = first.indexOf(true);
      for (let i = 0; i < 8; i += 1) {
        await advance(T / 4);
        const now = await Promise.all(group.map((member) => leads(member.elector)));
        expect(now.indexOf(true)).toBe(leader);
        expect(now.filter(Boolean)).toHaveLength(1);
      }
      await stopAll(group);
    });

    it("step-down: a leader that cannot renew stops leading before another takes over", async () => {
      const [a, b] = await newGroup(freshKey("step-down"), 2);
      if (!a || !b) throw new Error("harness returned no elector");
      expect(await leads(a.elector)).toBe(true);
      expect(await leads(b.elector)).toBe(false);
      a.setReachable(false);
      let aLastLed = 0; // in steps of T/10
      let bFirstLed = -1;
      for (let step = 1; step <= 30; step += 1) {
        await advance(T / 10);
        const aLeads = await leads(a.elector);
        const bLeads = await leads(b.elector);
        expect(aLeads && bLeads, `both led at step ${step}`).toBe(false);
        if (aLeads) aLastLed = step;
        if (bLeads && bFirstLed < 0) bFirstLed = step;
      }
      expect(aLastLed).toBeLessThan(10); // a stepped down within its lease
      expect(bFirstLed).toBeGreaterThan(aLastLed);
      // failover: b leads at most one TTL plus one check (plus a step of slack) after the cut
      expect(bFirstLed * (T / 10)).toBeLessThanOrEqual(T + harness.checkMs + T / 10);
      a.setReachable(true);
      expect(await leads(a.elector)).toBe(false); // back online, a follows the new leader
      await stopAll([a, b]);
    });

    it("release on stop: another instance takes over within one check, not one TTL", async () => {
      const [a, b] = await newGroup(freshKey("stop"), 2);
      if (!a || !b) throw new Error("harness returned no elector");
      expect(await leads(a.elector)).toBe(true);
      expect(await leads(b.elector)).toBe(false);
      await a.elector.stop();
      expect(await leads(a.elector)).toBe(false); // a stopped elector never leads
      await advance(harness.checkMs + T / 20);
      expect(harness.checkMs + T / 20).toBeLessThan(T); // or the test would prove nothing
      expect(await leads(b.elector)).toBe(true);
      await stopAll([a, b]);
    });

    it("expiry: a leader that vanished without stop() is replaced after its lease ends", async () => {
      const [a, b] = await newGroup(freshKey("vanish"), 2);
      if (!a || !b) throw new Error("harness returned no elector");
      expect(await leads(a.elector)).toBe(true);
      a.setReachable(false); // a crashed: it never asks again
      await advance(T + harness.checkMs + T / 10);
      expect(await leads(b.elector)).toBe(true);
      await stopAll([a, b]);
    });
  });
}
