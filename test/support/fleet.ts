import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

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
