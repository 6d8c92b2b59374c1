// Command-line options of bench/run.mjs, with the full, --quick and --smoke presets.

export const ALL_PEERS = ["isocron", "croner", "toad-scheduler", "node-cron", "cron", "node-schedule"];
export const ALL_WORKLOADS = ["W1", "W2", "W3", "W4", "W5"];

const PRESETS = {
  // The run docs/performance.md shows: BENCHMARKS.md's sizes.
  full: {
    workloads: ALL_WORKLOADS, peers: ALL_PEERS, sizes: [1000, 10_000, 100_000], seconds: 10,
    jobs: 100_000, idleSeconds: 10, settleMs: 1500, graceMs: 2000, timeout: 120, nextRunsBudget: 30, w5Seconds: 20, w5ElectorJobs: [10, 1000],
  },
  // Every workload and peer, small sizes: under a minute on 2 cores.
  quick: {
    workloads: ALL_WORKLOADS, peers: ALL_PEERS, sizes: [1000], seconds: 2,
    jobs: 2000, idleSeconds: 1, settleMs: 500, graceMs: 700, timeout: 20, nextRunsBudget: 1, w5Seconds: 2, w5ElectorJobs: [1000],
  },
  // The test suite's run (test/bench/smoke.test.ts): seconds, isocron plus one peer.
  smoke: {
    workloads: ["W1", "W2", "W4"], peers: ["isocron", "croner"], sizes: [200], seconds: 2,
    jobs: 2000, idleSeconds: 1, settleMs: 500, graceMs: 1000, timeout: 20, nextRunsBudget: 1, w5Seconds: 2, w5ElectorJobs: [1000],
  },
};

const USAGE = `usage: node bench/run.mjs [--quick | --smoke] [--workloads W1,W2,W3,W4,W5] [--sizes 1000,10000,100000]
  [--seconds 10] [--jobs 100000] [--idle-seconds 10] [--peers ${ALL_PEERS.join(",")}]
  [--timeout 120] [--out bench/results/latest.json]`;

const list = (value) => value.split(",").map((s) => s.trim()).filter(Boolean);
const positive = (name, value) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got ${JSON.stringify(value)}\n${USAGE}`);
  return n;
};

/** Parses argv (without node and script) into the options bench/run.mjs uses. */
export function parseArgs(argv) {
  const preset = argv.includes("--smoke") ? "smoke" : argv.includes("--quick") ? "quick" : "full";
  const options = { ...PRESETS[preset], preset, out: null };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--quick" || flag === "--smoke") continue;
    if (flag === "--help" || flag === "-h") throw new Error(USAGE);
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    switch (flag) {
      case "--workloads":
        options.workloads = list(value).map((w) => w.toUpperCase());
        break;
      case "--peers":
        options.peers = list(value);
        break;
      case "--sizes":
        options.sizes = list(value).map((s) => Math.round(positive("sizes", s)));
        break;
      case "--seconds":
        options.seconds = Math.round(positive("seconds", value));
        break;
      case "--jobs":
        options.jobs = Math.round(positive("jobs", value));
        break;
      case "--idle-seconds":
        options.idleSeconds = positive("idle-seconds", value);
        break;
      case "--timeout":
        options.timeout = positive("timeout", value);
        break;
      case "--out":
        options.out = value;
        break;
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  for (const w of options.workloads) if (!ALL_WORKLOADS.includes(w)) throw new Error(`unknown workload ${w}\n${USAGE}`);
  for (const p of options.peers) if (!ALL_PEERS.includes(p)) throw new Error(`unknown peer ${p}\n${USAGE}`);
  return options;
}
