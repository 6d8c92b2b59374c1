#!/usr/bin/env node
// isocron's side-by-side benchmark (BENCHMARKS.md): each scheduler in its own process, same
// workload, one run; prints one markdown table per workload and writes everything as JSON.
//   node bench/run.mjs [--quick | --smoke] [--workloads W1,W2] [--sizes 1000,10000] [--seconds 10]
//                      [--jobs 100000] [--peers isocron,croner] [--timeout 120] [--out file.json]
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join, relative } from "node:path";
import { parseArgs } from "./lib/args.mjs";
import { bundleIsocron, root } from "./lib/isocron-bundle.mjs";
import { render } from "./lib/report.mjs";
import { runChild } from "./lib/spawn.mjs";
import * as w4 from "./workloads/w4.mjs";
import * as w5 from "./workloads/w5.mjs";

let options;
try {
  options = parseArgs(process.argv.slice(2));
} catch (error) {
  console.error(error.message);
  process.exit(process.argv.includes("--help") || process.argv.includes("-h") ? 0 : 2);
}
const out = options.out ?? join(root, "bench/results/latest.json");
const log = (line) => console.error(`[bench] ${line}`);
const version = (peer) => JSON.parse(readFileSync(join(root, peer === "isocron" ? "." : `node_modules/${peer}`, "package.json"), "utf8")).version;
const git = (...args) => {
  try {
    return execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
};
const labels = Object.fromEntries(options.peers.map((p) => [p, `${p} ${version(p)}`]));

const results = {
  meta: {
    date: new Date().toISOString(),
    command: `node bench/run.mjs ${process.argv.slice(2).join(" ")}`.trim(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
    loadavgBefore: loadavg(),
    commit: git("rev-parse", "--short", "HEAD"),
    dirty: git("status", "--porcelain", "--", "src", "adapters") ? true : null,
    options,
    versions: Object.fromEntries(options.peers.map((p) => [p, version(p)])),
  },
  runs: [],
};

const childWorkloads = options.workloads.filter((w) => ["W1", "W2", "W3"].includes(w));
let bundle = null;
let bundleError = null;
if (options.peers.includes("isocron") && childWorkloads.length > 0) {
  try {
    bundle = await bundleIsocron();
  } catch (error) {
    bundleError = `could not bundle src/index.ts: ${error.message}`;
  }
}

async function child(workload, peer, params, timeoutS) {
  const label = labels[peer];
  const started = Date.now();
  const load = loadavg()[0]; // kept with each run: the machine is shared, so noise has a cause
  const run =
    peer === "isocron" && bundleError
      ? { status: "error", message: bundleError, elapsedMs: 0 }
      : await runChild({ peer, workload: workload.toLowerCase(), params, timeoutMs: timeoutS * 1000, env: bundle ? { ISOCRON_BUNDLE: bundle.file } : {} });
  results.runs.push({ workload, peer, version: version(peer), label, params, loadavg1m: load, ...run });
  log(`${workload} ${params.jobs ?? ""} ${label}: ${run.status} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const o = options;
try {
  for (const workload of o.workloads) {
    if (workload === "W1") {
      for (const jobs of o.sizes) {
        const params = { jobs, seconds: o.seconds, settleMs: o.settleMs, graceMs: o.graceMs };
        for (const peer of o.peers) await child("W1", peer, params, o.timeout + (o.settleMs + o.graceMs) / 1000 + o.seconds + 15);
      }
    } else if (workload === "W2") {
      const params = { jobs: o.jobs, idleSeconds: o.idleSeconds };
      for (const peer of o.peers) await child("W2", peer, params, o.timeout + o.idleSeconds + 15);
    } else if (workload === "W3") {
      const params = { jobs: o.jobs, nextRunsBudgetMs: o.nextRunsBudget * 1000 };
      for (const peer of o.peers) await child("W3", peer, params, o.timeout + o.nextRunsBudget + 15);
    } else if (workload === "W4") {
      const started = Date.now();
      try {
        results.runs.push({ workload, peer: "all", params: {}, status: "ok", result: await w4.run({ peers: o.peers }), elapsedMs: Date.now() - started });
      } catch (error) {
        results.runs.push({ workload, peer: "all", params: {}, status: "error", message: error.message, elapsedMs: Date.now() - started });
      }
      log(`W4 sizes: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } else if (workload === "W5" && !o.peers.includes("isocron")) {
      log("W5 skipped: it measures isocron's Upstash adapter and isocron is not among --peers");
    } else if (workload === "W5") {
      const started = Date.now();
      const params = { seconds: o.w5Seconds, ttlMs: 3000, electorJobs: o.w5ElectorJobs };
      try {
        results.runs.push({ workload, peer: "isocron", label: labels.isocron, params, status: "ok", result: await w5.run({ ...params, log }), elapsedMs: Date.now() - started });
      } catch (error) {
        results.runs.push({ workload, peer: "isocron", params, status: "error", message: error.message, elapsedMs: Date.now() - started });
      }
      log(`W5 distributed: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  }
} finally {
  await bundle?.dispose();
}

results.meta.loadavgAfter = loadavg();
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
const load = (l) => l.map((x) => x.toFixed(2)).join(" ");
console.log(`${results.meta.command}\nNode ${results.meta.node}, ${results.meta.cpus} x ${results.meta.cpuModel}, load ${load(results.meta.loadavgBefore)} before, ${load(results.meta.loadavgAfter)} after\n`);
console.log(render(results));
log(`wrote ${relative(process.cwd(), out)}`);
