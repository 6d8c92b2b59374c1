import { describe, expect, it } from "vitest";
import type { Lock, LockOptions } from "../../src/distributed.ts";

/** A locker with the batch method (UpstashLocker, RedisLocker). */
export interface BatchLocker {
  lock(key: string, options: LockOptions): Promise<Lock | null>;
  lockMany(keys: string[], options: LockOptions): Promise<(Lock | null)[]>;
}

export interface BatchCostHarness {
  /** A new instance (its own connection) and every command it sent so far, as `[name, ...args]`. */
  newInstance(): Promise<{ locker: BatchLocker; sent(): string[][] }>;
  /** Deletes a lock key (prefix included) behind the locker's back, as if it had expired. */
  del(fullKey: string): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const name = (command: string[]) => String(command[0]).toUpperCase();

/**
 * What a batched Redis locker costs, counted in commands as the server sees them (one script
 * is one command): the same file runs for every transport (Upstash REST, TCP clients).
 */
export function runBatchCosts(label: string, harness: BatchCostHarness): void {
  describe(`Batched locking costs: ${label}`, () => {
    it("lockMany: 3 instances x 100 occurrences of one instant cost ONE command per instance; each occurrence is won exactly once; short runs add nothing", async () => {
      const TTL = 900;
      const keys = Array.from({ length: 100 }, (_, i) => `batch-${label.length}-${i}@1800000000000`);
      const instances = await Promise.all([1, 2, 3].map(() => harness.newInstance()));
      const results = await Promise.all(instances.map(({ locker }, i) => locker.lockMany(keys, { ttlMs: TTL, holder: `node-${i}` })));
      for (const [k] of keys.entries()) expect(results.filter((locks) => locks[k] !== null), `winners of ${keys[k]}`).toHaveLength(1);
      await Promise.all(results.flat().map((lock) => lock?.unlock())); // every run ended at once
      await sleep(TTL / 3 + 300); // past the first extension time: none may be sent
      for (const { sent } of instances) {
        const commands = sent();
        expect(commands.map(name)).toEqual(["EVAL"]);
        const [, script, numkeys, ...rest] = commands[0] ?? [];
        expect(script).toMatch(/^local won = \{\}/);
        expect([numkeys, rest.slice(0, 100).every((key, i) => key.endsWith(keys[i] as string)), rest[100]]).toEqual(["100", true, String(TTL)]);
        expect(rest.slice(101).every((token) => /^node-\d:isocron-[0-9a-f]{32}$/.test(token))).toBe(true);
      }
    });

    it("long runs: every held key of a locker is extended by ONE script per third of the TTL, none after unlock", async () => {
      const TTL = 900;
      const { locker, sent } = await harness.newInstance();
      const keys = Array.from({ length: 50 }, (_, i) => `long-${label.length}-${i}@1`);
      const locks = await locker.lockMany(keys, { ttlMs: TTL });
      expect(locks.every((lock) => lock !== null)).toBe(true);
      await sleep(TTL * 2.2); // extensions at about 300, 600, ..., 1800 ms
      await Promise.all(locks.map((lock) => lock?.unlock()));
      const atUnlock = sent().length;
      await sleep(TTL / 3 + 300);
      const commands = sent();
      expect(commands).toHaveLength(atUnlock);
      const extensions = commands.slice(1).filter((c) => name(c) === "EVALSHA");
      expect(extensions.length).toBeGreaterThanOrEqual(5);
      expect(extensions.length).toBeLessThanOrEqual(6);
      // the take (EVAL), then the first EVALSHA may meet NOSCRIPT and fall back to EVAL once
      expect(commands.slice(1).filter((c) => name(c) === "EVAL").length).toBeLessThanOrEqual(1);
      for (const command of commands.slice(1)) {
        expect(command[2]).toBe("50"); // all 50 keys, each with its token and TTL
        expect(command.slice(53).filter((arg) => arg === String(TTL))).toHaveLength(50);
      }
    });

    it("a key lost while its run goes on (expired, taken) stops being extended; the others go on", async () => {
      const TTL = 900;
      const { locker, sent } = await harness.newInstance();
      const keys = ["lost-a@1", "lost-b@1", "lost-c@1"].map((key) => `${label.length}-${key}`);
      const locks = await locker.lockMany(keys, { ttlMs: TTL });
      const lostKey = sent()[0]?.[4] as string; // the full key of keys[1]
      expect(lostKey.endsWith(keys[1] as string)).toBe(true);
      await harness.del(lostKey);
      // first tick (a third of the TTL): 3 keys, the reply says keys[1] is lost; second tick: 2 keys
      const extensionsSent = () => sent().slice(1).filter((c) => name(c) === "EVALSHA");
      for (let waited = 0; extensionsSent().length < 2 && waited < TTL * 3; waited += 20) await sleep(20);
      await Promise.all(locks.map((lock) => lock?.unlock()));
      const extensions = extensionsSent();
      expect(extensions.map((c) => c[2])).toEqual(["3", "2"]);
      expect(extensions[1]?.slice(3, 5).map((key) => key.slice(-keys[0]!.length))).toEqual([keys[0], keys[2]]);
    });
  });
}
