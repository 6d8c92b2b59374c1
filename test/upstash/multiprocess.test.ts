import { describe, expect, it } from "vitest";
import { bundleInstance, electorSummary, fleetScratch, launch, lockerSummary, readLines, type Member } from "../support/fleet.ts";
import { useRedisProxy } from "./fixture.ts";

/*
 * The proof: four Node processes share one Redis (through the Upstash REST proxy) and run the
 * same per-second jobs for 65 s, their clocks offset by up to 500 ms. The elector's leader is
 * killed with SIGKILL at 25 s and restarted 10 s later. Every run is a line in its process's
 * file (test/support/fleet.ts).
 */
const env = useRedisProxy();
const RUN_MS = 65_000;
const KILL_AFTER_MS = 25_000;
const RESTART_AFTER_MS = 10_000;
const LOCK_TTL_MS = 5_000;
const LEASE = { ttlMs: 3_000, checkMs: 1_000, marginMs: 1_000 };
const OFFSETS: Record<string, number> = { w1: 0, w2: 300, w3: -200, w4: 100 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const fleet = fleetScratch("isocron-multiprocess-");

/** A process of the fleet with the tokens its locker and elector use (the proxy counts each token's commands). */
interface Instance extends Member {
  lockerToken: string;
  electorToken: string;
  startedAt: number;
}

describe("several processes share one Redis", () => {
  it("locker: every occurrence exactly once; elector: never twice, failover within lease TTL + one check", { timeout: 150_000 }, async () => {
    const dir = await fleet.dir();
    const script = await bundleInstance(new URL("./instance.ts", import.meta.url), dir);
    const proxy = env.proxy;
    const second = 1_000;
    // Start mid-second (x.450): every instance's runs fall at x.700-x.200, so the kill at
    // x.450 never lands inside a run.
    const startAt = Math.ceil((Date.now() + 4_000) / second) * second + 450;
    // A deployment that has held the lease before (a first start waits one ttl: chaos.test.ts).
    await proxy.direct.command(["SET", "isocron:leader:seen", "1"]);
    const stopAt = startAt + RUN_MS;

    const start = (name: string, startedAt: number): Instance => {
      const [lockerToken, electorToken] = [proxy.newClient().token, proxy.newClient().token];
      const config = { offsetMs: OFFSETS[name], url: proxy.url, lockerToken, electorToken, startAt: startedAt, stopAt, lockTtlMs: LOCK_TTL_MS, lease: LEASE };
      return { ...launch(script, dir, name, config, fleet.running), lockerToken, electorToken, startedAt };
    };

    const instances = Object.keys(OFFSETS).map((name) => start(name, startAt));
    const killAt = startAt + KILL_AFTER_MS;
    await sleep(killAt - Date.now());
    const holder = await proxy.direct.command(["GET", "isocron:leader"]);
    const victim = instances.find((i) => typeof holder === "string" && holder === `${i.name}-${i.child.pid}`);
    expect(victim, `leader ${String(holder)} is one of the instances`).toBeDefined();
    if (!victim) return;
    victim.child.kill("SIGKILL");
    const killedAt = Date.now();
    await victim.exited;
    await sleep(killAt + RESTART_AFTER_MS - Date.now());
    const restarted = start(victim.name, Date.now());
    instances.push(restarted);
    const guard = setTimeout(() => instances.forEach((i) => i.child.kill("SIGKILL")), stopAt + 15_000 - Date.now());
    await Promise.all(instances.map((i) => i.exited));
    clearTimeout(guard);
    for (const i of instances) if (i !== victim) expect(i.child.exitCode, `${i.name} exit code`).toBe(0);

    // The restarted process appends to its predecessor's file: read each file once.
    const lines = await readLines(instances.filter((i) => i !== restarted));

    // Occurrences every live instance covered: from 2 s after the start to 2 s before the stop.
    const first = Math.ceil((startAt + 2_000) / second) * second;
    const last = Math.floor((stopAt - 2_000) / second) * second;
    expect((last - first) / second + 1).toBeGreaterThanOrEqual(60);

    const report: string[] = [];
    for (const job of ["lock-a", "lock-b"]) {
      const { report: line, notOnce } = lockerSummary(lines, job, first, last);
      report.push(line);
      expect(notOnce, `${job}: occurrences not run exactly once`).toEqual([]);
    }

    const failoverBound = LEASE.ttlMs + LEASE.checkMs;
    for (const job of ["lead-a", "lead-b"]) {
      const t = electorSummary(lines, job, first, last, killedAt);
      report.push(`${t.report} (bound ${failoverBound} ms + 500 ms slack; misses all after the kill)`);
      expect(t.duplicates, `${job}: occurrences run twice`).toEqual([]);
      expect(t.missed.every((at) => at > killedAt - 1_000 && at <= killedAt + failoverBound + 1_000), `${job} missed ${t.missed.map((at) => new Date(at).toISOString())}`).toBe(true);
      expect(t.gapMs).toBeLessThanOrEqual(failoverBound + 500);
      expect(t.leaders).toContain(victim.name);
      expect(t.leaders.length).toBeGreaterThanOrEqual(2);
    }

    // What each process paid: the locker sends one EVAL (the take script) per job occurrence it saw, nothing else.
    for (const i of instances) {
      const lockerCommands = proxy.commandsOf(i.lockerToken);
      const electorCommands = proxy.commandsOf(i.electorToken);
      const lived = ((i === victim ? killedAt : stopAt) - i.startedAt) / second;
      expect(lockerCommands.every((c) => c[0] === "eval")).toBe(true);
      expect(lockerCommands.length).toBeLessThanOrEqual(2 * (Math.ceil(lived) + 1));
      report.push(`${i.name}${i === restarted ? " (restarted)" : i === victim ? " (killed)" : ""}: ` +
        `${lockerCommands.length} locker commands (${(lockerCommands.length / lived).toFixed(2)}/s for 2 jobs), ` +
        `${electorCommands.length} elector commands (${((electorCommands.length * 60) / lived).toFixed(0)}/min)`);
    }
    console.log(`multi-process run:\n  ${report.join("\n  ")}`);
  });
});
