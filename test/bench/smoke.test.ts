// A few seconds of the benchmark (bench/run.mjs --smoke: W1 with 200 jobs for 2 s, W2 with
// 2,000 jobs, W4 sizes; isocron and croner), so the harness cannot rot. It asserts the JSON's
// shape and what isocron did (every occurrence ran once, at its whole second), never timings.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

interface Lateness { fired: number; missed: number; doubled: number; offGrid: number; p50: number; p99: number; max: number }
interface Run {
  workload: string;
  peer: string;
  status: string;
  params: Record<string, number>;
  message?: string;
  result?: Record<string, unknown>;
}
interface Results { meta: Record<string, unknown>; runs: Run[] }

let dir = "";
let results: Results;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "isocron-bench-smoke-"));
  const out = join(dir, "results.json");
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, ["bench/run.mjs", "--smoke", "--out", out], { cwd: root, timeout: 90_000 }, (error, _stdout, stderr) =>
      error ? reject(new Error(`bench/run.mjs --smoke failed: ${error.message}\n${stderr}`)) : resolve(),
    );
  });
  results = JSON.parse(readFileSync(out, "utf8")) as Results;
}, 100_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const find = (workload: string, peer: string): Run => {
  const run = results.runs.find((r) => r.workload === workload && r.peer === peer);
  if (!run) throw new Error(`no ${workload} run for ${peer}`);
  return run;
};

describe("bench/run.mjs --smoke", () => {
  it("records the machine and the options it ran with", () => {
    expect(results.meta).toMatchObject({ node: process.version, options: { preset: "smoke", sizes: [200], seconds: 2, jobs: 2000 } });
    expect(Object.keys(results.meta.versions as object).sort()).toEqual(["croner", "isocron"]);
    expect(results.runs.map((r) => `${r.workload} ${r.peer}`)).toEqual(["W1 isocron", "W1 croner", "W2 isocron", "W2 croner", "W4 all"]);
  });

  it("W1: isocron runs each of 200 jobs once in each of the 2 seconds, at whole-second due instants", () => {
    const run = find("W1", "isocron");
    expect(run.status, run.message).toBe("ok");
    const r = run.result as { expected: number; overflow: number; due: Lateness; wall: Lateness };
    expect(r.expected).toBe(400);
    expect(r.overflow).toBe(0);
    // Counted per (job, scheduledAt): exact, whatever the machine's load.
    expect(r.due).toMatchObject({ fired: 400, missed: 0, doubled: 0, offGrid: 0 });
    for (const s of [r.due, r.wall]) {
      expect(s.p50).toBeGreaterThanOrEqual(0);
      expect(s.p99).toBeGreaterThanOrEqual(s.p50);
      expect(s.max).toBeGreaterThanOrEqual(s.p99);
    }
  });

  it("W1: the figures every scheduler gets, and no due instant claimed for croner", () => {
    for (const peer of ["isocron", "croner"]) {
      const run = find("W1", peer);
      expect(run.status, run.message).toBe("ok");
      const r = run.result as Record<string, unknown>;
      for (const key of ["cpuPercent", "heapPerJob", "registrationPerSec"]) expect(r[key], `${peer} ${key}`).toBeTypeOf("number");
      expect((r.wall as Lateness).fired).toBeGreaterThan(0);
    }
    expect(find("W1", "croner").result?.due).toBeNull();
  });

  it("W2: registration rate, heap per job and idle CPU for both", () => {
    for (const peer of ["isocron", "croner"]) {
      const run = find("W2", peer);
      expect(run.status, run.message).toBe("ok");
      const r = run.result as Record<string, number>;
      expect(r.jobs).toBe(2000);
      expect(r.registrationPerSec).toBeGreaterThan(0);
      expect(r.heapPerJob).toBeGreaterThan(0);
      expect(r.idleCpuPercent).toBeGreaterThanOrEqual(0);
    }
  });

  it("W4: the script-tag bundle and each adapter entry, minified and gzipped", () => {
    const rows = (find("W4", "all").result as { rows: { entry: string; min: number; gz: number }[] }).rows;
    const entries = rows.map((r) => r.entry);
    expect(entries[0]).toMatch(/^script tag/);
    expect(entries).toContain("isocron/upstash (core and packages external)");
    expect(entries.some((e) => e.startsWith("croner "))).toBe(true);
    for (const r of rows) expect(r.gz, r.entry).toBeLessThan(r.min);
  });
});
