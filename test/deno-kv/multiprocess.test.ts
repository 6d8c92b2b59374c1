import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { electorSummary, fleetScratch, lockerSummary, type Line } from "../support/fleet.ts";

/*
 * The proof on Deno KV: three real Deno processes share one local KV file (SQLite) and run the
 * same per-second jobs for 12 s, their clocks offset by 0, +300 and -300 ms. Two jobs are
 * coordinated by a DenoKvLocker, two by a DenoKvElector, whose leader is SIGKILLed at 5 s.
 * Every run is printed by the process that ran it and collected here.
 */
const deno = fileURLToPath(new URL("../../node_modules/.bin/deno", import.meta.url));
const instance = fileURLToPath(new URL("./deno/instance.ts", import.meta.url));
const RUN_MS = 12_000;
const KILL_AFTER_MS = 5_000;
const LOCK_TTL_MS = 3_000;
// marginMs above the largest clock difference (600 ms), as the elector requires.
const LEASE = { ttlMs: 2_000, checkMs: 1_000, marginMs: 700 };
const OFFSETS: Record<string, number> = { k1: 0, k2: 300, k3: -300 };
const SKEW_MS = 600;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const fleet = fleetScratch("isocron-deno-kv-mp-");

describe("Deno KV: three Deno processes share one KV file", () => {
  it("locker: every occurrence exactly once under skewed clocks; elector: never twice, failover after a SIGKILL within the bound", { timeout: 40_000 }, async () => {
    const dir = await fleet.dir();
    const path = join(dir, "kv.sqlite3");
    const second = 1_000;
    // Start mid-second (x.450): with offsets of +-300 ms every run falls at x.700-x.300, so the
    // kill at x.450 never lands inside a run.
    const startAt = Math.ceil((Date.now() + 4_000) / second) * second + 450;
    const stopAt = startAt + RUN_MS;
    const runs: Line[] = [];
    const errors: string[] = [];
    const calls = new Map<string, { lock: number; lockMany: number; keys: number }>();
    const launch = (name: string) => {
      const config = { name, offsetMs: OFFSETS[name], path, startAt, stopAt, lockTtlMs: LOCK_TTL_MS, lease: LEASE };
      const child = spawn(deno, ["run", "--no-check", "--unstable-kv", "--allow-read", "--allow-write", "--allow-env", instance], {
        env: { ...process.env, ISOCRON_INSTANCE: JSON.stringify(config), NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      fleet.running.add(child);
      let pending = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        pending += chunk.toString();
        const lines = pending.split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) {
          const [kind, job, at, who, real] = line.split(" ");
          if (kind === "RUN" && job && who) runs.push({ kind: "run", job, at: Number(at), name: who, realMs: Number(real) });
          if (kind === "CALLS" && job) calls.set(job, { lock: Number(at), lockMany: Number(who), keys: Number(real) });
        }
      });
      child.stderr?.on("data", (chunk: Buffer) => errors.push(`[${name}] ${chunk.toString()}`));
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      return { name, child, exited };
    };
    const instances = Object.keys(OFFSETS).map(launch);

    const killAt = startAt + KILL_AFTER_MS;
    await sleep(killAt - Date.now());
    // The leader is whoever ran the elector's jobs last.
    const led = runs.filter((r) => r.job === "lead-a");
    const leaderName = led[led.length - 1]?.name;
    const victim = instances.find((i) => i.name === leaderName);
    expect(victim, `a leader ran lead-a before the kill (runs so far: ${runs.length}; stderr: ${errors.join("")})`).toBeDefined();
    if (!victim) return;
    victim.child.kill("SIGKILL");
    const killedAt = Date.now();
    const guard = setTimeout(() => instances.forEach((i) => i.child.kill("SIGKILL")), stopAt + 10_000 - Date.now());
    await Promise.all(instances.map((i) => i.exited));
    clearTimeout(guard);
    for (const i of instances) if (i !== victim) expect(i.child.exitCode, `${i.name} exit code; stderr: ${errors.join("")}`).toBe(0);
    expect(errors.filter((e) => e.includes("LOCKERROR")), "lock errors").toEqual([]);

    // Occurrences every live instance covered: from 1.5 s after the start to 1.5 s before the stop.
    const first = Math.ceil((startAt + 1_500) / second) * second;
    const last = Math.floor((stopAt - 1_500) / second) * second;
    expect((last - first) / second + 1).toBeGreaterThanOrEqual(9);

    const report: string[] = [];
    for (const job of ["lock-a", "lock-b"]) {
      const { report: line, notOnce } = lockerSummary(runs, job, first, last);
      report.push(line);
      expect(notOnce, `${job}: occurrences not run exactly once`).toEqual([]);
    }

    // A follower asks when a job is due (every second here, so checkMs is effectively 1 s), and
    // sees the dead leader's lease end by its own clock, up to SKEW_MS after the leader's.
    const failoverBound = LEASE.ttlMs + LEASE.checkMs + SKEW_MS;
    for (const job of ["lead-a", "lead-b"]) {
      const t = electorSummary(runs, job, first, last, killedAt);
      report.push(`${t.report} (bound ${failoverBound} ms; misses all in the failover window)`);
      expect(t.duplicates, `${job}: occurrences run twice`).toEqual([]);
      expect(t.missed.every((at) => at > killedAt - second && at <= killedAt + failoverBound), `${job} missed ${t.missed.join(", ")}`).toBe(true);
      expect(t.gapMs).toBeLessThanOrEqual(failoverBound);
      expect(t.leaders[0]).toBe(victim.name);
      expect(t.leaders).toHaveLength(2);
    }
    // What each surviving process asked of its locker: both jobs' keys of one due instant in one call.
    const seconds = RUN_MS / second;
    for (const i of instances) {
      if (i === victim) continue;
      const asked = calls.get(i.name);
      expect(asked, `${i.name} printed its calls`).toBeDefined();
      if (!asked) continue;
      report.push(`${i.name}: ${asked.lockMany} lockMany calls for ${asked.keys} keys, ${asked.lock} lock calls, in ${seconds} s`);
      expect(asked.keys).toBeGreaterThanOrEqual(2 * (seconds - 1));
      expect(asked.keys).toBeLessThanOrEqual(2 * (seconds + 1));
      expect(asked.lock).toBe(0);
      expect(asked.lockMany).toBeLessThanOrEqual(seconds + 1);
    }
    console.log(`Deno KV multi-process run:\n  ${report.join("\n  ")}`);
  });
});
