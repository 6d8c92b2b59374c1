import { describe, expect, it } from "vitest";
import { bundleInstance, fleetScratch, launch, readLines, tally } from "../support/fleet.ts";
import { useRedis } from "./fixture.ts";

/*
 * Three Node processes share one redis-server over TCP (two on node-redis, one on ioredis),
 * their clocks at 0, +300 and -300 ms, each running the same every-second jobs for 16 s: two
 * coordinated by a RedisLocker, two by a RedisElector. The leader gets SIGKILL at 7 s.
 */
const env = useRedis();
const RUN_MS = 16_000;
const KILL_AFTER_MS = 7_000;
const LOCK_TTL_MS = 3_000;
const LEASE = { ttlMs: 2_000, checkMs: 500, marginMs: 700 };
const FLEET = [
  { name: "zero", offsetMs: 0, client: "node-redis" },
  { name: "ahead", offsetMs: 300, client: "ioredis" },
  { name: "behind", offsetMs: -300, client: "node-redis" },
] as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const fleet = fleetScratch("isocron-redis-fleet-");

describe("isocron/redis: three processes share one redis-server", () => {
  it("locker: every occurrence exactly once under +-300 ms skew; elector: never twice, a SIGKILLed leader replaced within ttl + check", { timeout: 60_000 }, async () => {
    const dir = await fleet.dir();
    const script = await bundleInstance(new URL("./instance.ts", import.meta.url), dir);
    await env.direct.command(["SET", "isocron:leader:seen", "1"]); // a deployment that has held the lease before
    // Start mid-second (x.450): runs fall at x.700-x.300 (clocks +-300 ms), the kill at x.450.
    const startAt = Math.ceil((Date.now() + 2_000) / 1_000) * 1_000 + 450;
    const stopAt = startAt + RUN_MS;
    const members = FLEET.map(({ name, ...config }) =>
      launch(script, dir, name, { ...config, port: env.port, startAt, stopAt, lockTtlMs: LOCK_TTL_MS, lease: LEASE }, fleet.running));

    await sleep(startAt + KILL_AFTER_MS - Date.now());
    const holder = String(await env.direct.command(["GET", "isocron:leader"]));
    const victim = members.find((m) => holder === `${m.name}-${m.child.pid}`);
    expect(victim, `leader ${holder} is one of the processes`).toBeDefined();
    victim?.child.kill("SIGKILL");
    const killedAt = Date.now();
    const guard = setTimeout(() => members.forEach((m) => m.child.kill("SIGKILL")), stopAt + 10_000 - Date.now());
    await Promise.all(members.map((m) => m.exited));
    clearTimeout(guard);
    for (const m of members) if (m !== victim) expect(m.child.exitCode, `${m.name} exit code`).toBe(0);

    const lines = await readLines(members);
    // Occurrences every live process covered: from 1 s after the start to 1.5 s before the stop.
    const first = Math.ceil((startAt + 1_000) / 1_000) * 1_000;
    const last = Math.floor((stopAt - 1_500) / 1_000) * 1_000;
    const report: string[] = [];
    for (const job of ["lock-a", "lock-b"]) {
      const t = tally(lines, job, first, last);
      const byProcess = Object.fromEntries(FLEET.map(({ name }) => [name, lines.filter((l) => l.kind === "run" && l.job === job && l.name === name).length]));
      report.push(`${job}: ${t.occurrences} occurrences, ${t.once} ran once, ${t.missed.length} missed, ${t.duplicates.length} twice; by process ${JSON.stringify(byProcess)}`);
      expect(t.duplicates, `${job} duplicates`).toEqual([]);
      expect(t.missed.map((at) => new Date(at).toISOString()), `${job} misses`).toEqual([]);
    }
    const failover = LEASE.ttlMs + LEASE.checkMs;
    for (const job of ["lead-a", "lead-b"]) {
      const t = tally(lines, job, first, last);
      const leaders = [...new Set(lines.filter((l) => l.kind === "run" && l.job === job).sort((a, b) => a.at - b.at).map((l) => l.name))];
      const outside = t.missed.filter((at) => !(at > killedAt - 1_000 && at <= killedAt + failover + 300));
      report.push(`${job}: ${t.occurrences} occurrences, ${t.once} ran once, ${t.missed.length} missed (window: kill - 1 s to kill + ${failover + 300} ms), ${t.duplicates.length} twice; leaders ${leaders.join(" then ")}`);
      expect(t.duplicates, `${job} duplicates`).toEqual([]);
      expect(outside.map((at) => new Date(at).toISOString()), `${job} misses outside the failover window`).toEqual([]);
      expect(leaders).toContain(victim?.name);
      expect(leaders.length).toBe(2);
    }
    console.log(`redis multi-process run (killed ${victim?.name}):\n  ${report.join("\n  ")}`);
  });
});
