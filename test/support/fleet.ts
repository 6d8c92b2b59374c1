import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll } from "vitest";

/*
 * A fleet of real Node processes running one instance script each (multi-process tests): the
 * script is bundled once with esbuild (CommonJS clients such as node-redis and ioredis
 * included), every process gets its JSON config in ISOCRON_FLEET and appends one line per run
 * or skip to its own file (test/support/fleet-instance.ts, inside the process), read back here.
 */

/** Bundles `entry` (an instance script) into `dir`; returns the file to run with Node. */
export async function bundleInstance(entry: URL, dir: string): Promise<string> {
  const outfile = join(dir, "instance.mjs");
  await build({
    entryPoints: [fileURLToPath(entry)],
    bundle: true, platform: "node", format: "esm", target: "node20", outfile, logLevel: "error",
    // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
    banner: { js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);' },
  });
  return outfile;
}

export interface Member {
  name: string;
  out: string;
  child: ChildProcess;
  exited: Promise<void>;
}

/**
 * A test file's scratch folder (made on the first `dir()`, named `<prefix>XXXXXX`) and the set its
 * processes join (`launch`'s `running`): after the file's tests, processes still alive are
 * SIGKILLed and the folder is removed.
 */
export function fleetScratch(prefix: string): { running: Set<ChildProcess>; dir(): Promise<string> } {
  const running = new Set<ChildProcess>();
  let dir: Promise<string> | undefined;
  afterAll(async () => {
    for (const child of running) if (child.exitCode === null) child.kill("SIGKILL");
    if (dir) await rm(await dir, { recursive: true, force: true });
  });
  return { running, dir: () => (dir ??= mkdtemp(join(tmpdir(), prefix))) };
}

/** Starts one process of the fleet; its lines go to `<dir>/<name>.log`. */
export function launch(script: string, dir: string, name: string, config: object, running: Set<ChildProcess>): Member {
  const out = join(dir, `${name}.log`);
  const child = spawn(process.execPath, [script], { env: { ...process.env, ISOCRON_FLEET: JSON.stringify({ ...config, name, out }) }, stdio: ["ignore", "inherit", "inherit"] });
  running.add(child);
  return { name, out, child, exited: new Promise<void>((resolve) => child.once("exit", () => resolve())) };
}

/**
 * One line of an instance's file: `run <job> <scheduled ms> <name> <real ms>` (`realMs`) or
 * `skip <job> <scheduled ms> <name> <reason> <code>`.
 */
export interface Line { kind: string; job: string; at: number; name: string; realMs?: number | undefined; reason?: string | undefined; code?: string | undefined }

export async function readLines(members: Member[]): Promise<Line[]> {
  const lines: Line[] = [];
  for (const member of members) {
    for (const raw of (await readFile(member.out, "utf8").catch(() => "")).split("\n")) {
      const [kind = "", job = "", at = "", name = "", fifth, code] = raw.split(" ");
      if (kind === "run") lines.push({ kind, job, at: Number(at), name, realMs: Number(fifth) });
      if (kind === "skip") lines.push({ kind, job, at: Number(at), name, reason: fifth, code });
    }
  }
  return lines;
}

/**
 * Tallies one job's occurrences (every `everyMs` from `first` to `last`): how many ran once,
 * the duplicates, and the misses (occurrences no process ran).
 */
export function tally(lines: Line[], job: string, first: number, last: number, everyMs = 1_000): { occurrences: number; once: number; duplicates: string[]; missed: number[] } {
  const result = { occurrences: 0, once: 0, duplicates: [] as string[], missed: [] as number[] };
  for (let at = first; at <= last; at += everyMs) {
    result.occurrences += 1;
    const runs = lines.filter((l) => l.kind === "run" && l.job === job && l.at === at);
    if (runs.length === 1) result.once += 1;
    else if (runs.length === 0) result.missed.push(at);
    else result.duplicates.push(`${job}@${new Date(at).toISOString()} ran on ${runs.map((r) => r.name).join(", ")}`);
  }
  return result;
}

/** The runs of `job` scheduled from `first` to `last`, by scheduled instant (file order within one). */
export function runsOf(lines: Line[], job: string, first: number, last: number): Line[] {
  return lines.filter((l) => l.kind === "run" && l.job === job && l.at >= first && l.at <= last).sort((a, b) => a.at - b.at);
}

/** A locker job from `first` to `last`: a report line (runs by process) and every occurrence not run exactly once. */
export function lockerSummary(lines: Line[], job: string, first: number, last: number): { report: string; notOnce: string[] } {
  const t = tally(lines, job, first, last);
  const byProcess: Record<string, number> = {};
  for (const r of runsOf(lines, job, first, last)) byProcess[r.name] = (byProcess[r.name] ?? 0) + 1;
  return {
    report: `${job}: ${t.occurrences} occurrences, ${t.once} ran once, ${t.missed.length} missed, ${t.duplicates.length} ran twice or more; by process ${JSON.stringify(byProcess)}`,
    notOnce: [...t.duplicates, ...t.missed.map((at) => `${job}@${new Date(at).toISOString()} missed`)],
  };
}

/**
 * An elector job from `first` to `last` whose leader was killed at `killedAt` (real ms): its
 * tally, the processes that led it in turn, and the real time from the kill to the first run
 * after it (`gapMs`), with a report line.
 */
export function electorSummary(lines: Line[], job: string, first: number, last: number, killedAt: number): ReturnType<typeof tally> & { leaders: string[]; gapMs: number; report: string } {
  const t = tally(lines, job, first, last);
  const leaders = [...new Set(runsOf(lines, job, first, last).map((r) => r.name))];
  const gapMs = Math.min(...lines.filter((l) => l.kind === "run" && l.job === job && (l.realMs ?? 0) > killedAt).map((l) => l.realMs ?? 0)) - killedAt;
  const report = `${job}: ${t.occurrences} occurrences, ${t.once} ran once, ${t.missed.length} missed, ${t.duplicates.length} ran twice; ` +
    `leaders ${leaders.join(" then ")}; ${gapMs} ms from killing the leader to the next run`;
  return { ...t, leaders, gapMs, report };
}
