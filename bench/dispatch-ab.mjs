#!/usr/bin/env node
// W1's dispatch, A/B in one process: what one run costs the scheduler, cold cache, per version.
//   node --single-threaded-gc bench/dispatch-ab.mjs [--rounds 150] [--jobs 10000] [--flush-mb 64] \
//     off=.:0 head=.:20 main=main:20
// Each `label=REV:historySize` is isocron's src/index.ts at git revision REV ("." = the working
// tree), bundled by esbuild, with 10,000 every-second cron jobs on a manual clock. Rounds alternate
// the versions (forward, then backward), one batch each: the clock moves a second and the due
// batch is dispatched synchronously (the tasks do what W1's do: read scheduledAt, store it).
// Between batches a 64 MB buffer is written, so every batch starts with cold caches as in W1,
// where a second of idle separates batches. Prints CPU ns per run (process.cpuUsage, all threads:
// hence --single-threaded-gc) per version, and each version's cost over the first one's paired
// round by round, which cancels most of the load other processes put on a shared machine.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { bundleAt } from "./lib/isocron-bundle.mjs";
import { manualW1 } from "./lib/manual-w1.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i < 0 ? fallback : Number(args.splice(i, 2)[1]);
};
const rounds = option("--rounds", 150);
const jobs = option("--jobs", 10_000);
const flushMb = option("--flush-mb", 64);
if (args.length === 0) {
  console.error("usage: node --single-threaded-gc bench/dispatch-ab.mjs [--rounds N] [--jobs N] [--flush-mb N] label=REV:historySize ...");
  process.exit(2);
}

const scratch = mkdtempSync(join(tmpdir(), "isocron-dispatch-"));
/** isocron at `rev`, bundled: the module's exports. */
async function load(label, rev) {
  return import(pathToFileURL(await bundleAt(rev, label, scratch)).href);
}

const versions = [];
try {
  for (const spec of args) {
    const [label, rest = ""] = spec.split("=");
    const [rev, size] = rest.split(":");
    const v = { label, cpu: [], ...manualW1(await load(label, rev), size, jobs) };
    versions.push(v);
  }
  const junk = new Float64Array((flushMb << 20) / 8);
  for (let k = 0; k < rounds + 3; k++) {
    for (const v of k % 2 === 0 ? versions : [...versions].reverse()) {
      const before = process.cpuUsage();
      v.tick();
      const used = process.cpuUsage(before);
      if (k >= 3) v.cpu.push(((used.user + used.system) * 1000) / jobs); // the first batches allocate histories, warm up
      for (let i = 0; i < junk.length; i += 8) junk[i]++;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  const q = (values, p) => [...values].sort((a, b) => a - b)[Math.floor(p * (values.length - 1))].toFixed(0);
  for (const v of versions) console.log(`${v.label}: CPU ns per run, p25 ${q(v.cpu, 0.25)}, median ${q(v.cpu, 0.5)}, p75 ${q(v.cpu, 0.75)}`);
  const [base] = versions;
  for (const v of versions.slice(1)) {
    const d = v.cpu.map((x, i) => x - base.cpu[i]);
    console.log(`${v.label} - ${base.label}, paired by round: p25 ${q(d, 0.25)}, median ${q(d, 0.5)}, p75 ${q(d, 0.75)} ns per run`);
  }
  for (const v of versions) await v.scheduler.shutdown();
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
