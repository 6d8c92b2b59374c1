import { describe, expect, it } from "vitest";
import { UpstashElector, UpstashLocker } from "../../adapters/upstash/index.ts";
import { useRedisProxy } from "./fixture.ts";

const env = useRedisProxy();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const names = (commands: string[][]) => commands.map((command) => command[0]);

describe("Upstash adapters: Redis commands per instance (what Upstash bills)", () => {
  it("locker, short runs: exactly one command (EVAL of the take script) per instance per occurrence, nothing on unlock", async () => {
    const TTL = 600;
    const instances = [1, 2, 3].map(() => {
      const client = env.proxy.newClient();
      return { token: client.token, locker: new UpstashLocker({ redis: client.redis }) };
    });
    const occurrences = 30;
    for (let i = 0; i < occurrences; i += 1) {
      const key = `report@${1_800_000_000_000 + i * 1000}`;
      const locks = await Promise.all(instances.map(({ locker }) => locker.lock(key, { ttlMs: TTL })));
      expect(locks.filter((lock) => lock !== null)).toHaveLength(1);
      await Promise.all(locks.map((lock) => lock?.unlock())); // each run ended at once
    }
    await sleep(TTL / 3 + 300); // past the first extension time: none may be sent
    for (const { token } of instances) {
      const sent = env.proxy.commandsOf(token);
      expect(sent).toHaveLength(occurrences);
      for (const command of sent) {
        expect([command[0], command[2], command[3]?.startsWith("isocron:lock:report@"), command[5]]).toEqual(["eval", "1", true, "600"]);
        expect(command[1]).toMatch(/^local held = redis.call\("GET", KEYS\[1\]\)/);
        expect(command[4]).toMatch(/^isocron-[0-9a-f]{32}$/); // the random, non-numeric token
      }
    }
  });

  it("locker, a long run: one extension script per third of the TTL, none after unlock", async () => {
    const TTL = 900;
    const { token, redis } = env.proxy.newClient();
    const lock = await new UpstashLocker({ redis }).lock("long@1", { ttlMs: TTL });
    expect(lock).not.toBeNull();
    await sleep(TTL * 2.2); // extensions at about 300, 600, ..., 1800 ms
    await lock?.unlock();
    const atUnlock = env.proxy.commandsOf(token).length;
    await sleep(TTL / 3 + 300);
    const sent = names(env.proxy.commandsOf(token));
    expect(sent).toHaveLength(atUnlock);
    // the take (EVAL), then the first EVALSHA meets NOSCRIPT and falls back to EVAL once, then EVALSHA only
    expect(sent.slice(0, 3)).toEqual(["eval", "evalsha", "eval"]);
    const extensions = sent.filter((name) => name === "evalsha").length;
    expect(extensions).toBeGreaterThanOrEqual(5);
    expect(extensions).toBeLessThanOrEqual(6);
    expect(sent.slice(3).every((name) => name === "evalsha")).toBe(true);
  });

  it("elector: the cost per minute does not grow with the number of jobs asking", async () => {
    const TTL = 1_500;
    const CHECK = 500;
    const DURATION = 6_000;
    const make = (key: string) => {
      const { token, redis } = env.proxy.newClient();
      return { token, elector: new UpstashElector({ redis, key, ttlMs: TTL, checkMs: CHECK }) };
    };
    for (const jobs of [1, 1_000]) await env.proxy.direct.command(["SET", `cost:leader-${jobs}:seen`, "1"]); // not a first start
    const groups = [1, 1_000].map((jobs) => ({ jobs, leader: make(`cost:leader-${jobs}`), follower: make(`cost:leader-${jobs}`) }));
    for (const [i, group] of groups.entries()) {
      // 1,000 jobs due at the same instant share one request (the very first EVALSHA meets
      // NOSCRIPT and falls back to EVAL once; Redis then knows the script for every client)
      const first = await Promise.all(Array.from({ length: group.jobs }, () => group.leader.elector.isLeader()));
      expect(first.every(Boolean)).toBe(true);
      expect(names(env.proxy.commandsOf(group.leader.token))).toEqual(i === 0 ? ["evalsha", "eval"] : ["evalsha"]);
    }
    const started = Date.now();
    while (Date.now() - started < DURATION) {
      await Promise.all(
        groups.flatMap(({ jobs, leader, follower }) =>
          Array.from({ length: jobs }, () => [leader.elector.isLeader(), follower.elector.isLeader()]).flat(),
        ),
      );
      await sleep(100);
    }
    const count = (token: string) => env.proxy.commandsOf(token).length;
    const [one, many] = groups as [(typeof groups)[0], (typeof groups)[0]];
    const perMinute = (n: number) => Math.round((n * 60_000) / DURATION);
    console.log(
      `elector commands in ${DURATION / 1000} s: leader ${count(one.leader.token)} (1 job) vs ${count(many.leader.token)} (1,000 jobs); ` +
        `follower ${count(one.follower.token)} vs ${count(many.follower.token)}; ` +
        `about ${perMinute(count(many.leader.token))}/min per leader with ttlMs ${TTL}, whatever the job count`,
    );
    // The leader renews once per third of the lease, a follower asks once per check.
    const bound = DURATION / (TTL / 3) + 3;
    for (const group of groups) {
      expect(count(group.leader.token)).toBeLessThanOrEqual(bound);
      expect(count(group.follower.token)).toBeLessThanOrEqual(DURATION / CHECK + 3);
      expect(count(group.leader.token)).toBeGreaterThanOrEqual(DURATION / (TTL / 3) - 3);
    }
    expect(Math.abs(count(many.leader.token) - count(one.leader.token))).toBeLessThanOrEqual(2);
    expect(Math.abs(count(many.follower.token) - count(one.follower.token))).toBeLessThanOrEqual(2);
    // Nothing is sent while nobody asks.
    const idle = groups.map((g) => count(g.leader.token) + count(g.follower.token));
    await sleep(TTL);
    expect(groups.map((g) => count(g.leader.token) + count(g.follower.token))).toEqual(idle);
    const before = groups.map((g) => [count(g.leader.token), count(g.follower.token)]);
    for (const g of groups) await Promise.all([g.leader.elector.stop(), g.follower.elector.stop()]);
    // stop() costs the leader one release script (first use: EVALSHA then EVAL), a follower nothing
    expect(groups.map((g) => [count(g.leader.token), count(g.follower.token)])).toEqual(
      before.map(([leader, follower], i) => [(leader ?? 0) + (i === 0 ? 2 : 1), follower]),
    );
  });
});
