#!/usr/bin/env node
// W1's dispatch in instructions per run, counted by valgrind: the same on a busy machine as on an
// idle one, so versions can be compared where W1's lateness moves by a factor of two run to run.
//   node bench/instructions.mjs [--jobs 10000] label=REV:historySize ...
// Each `label=REV:historySize` is src/index.ts at git revision REV ("." = the working tree),
// bundled by esbuild; historySize "-" passes none (versions before the option). Each version
// runs twice under `valgrind --tool=callgrind`, with 10 and with 30 batches of `jobs` every-second
// cron jobs on a manual clock (bench/lib/dispatch-child.mjs); instructions per run are the
// difference over the extra 20 batches, so start-up and registration cancel out. Needs valgrind
// (Debian's package) and about a minute per version.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleAt } from "./lib/isocron-bundle.mjs";

const args = process.argv.slice(2);
const j = args.indexOf("--jobs");
const jobs = j < 0 ? 10_000 : Number(args.splice(j, 2)[1]);
if (args.length === 0) {
  console.error("usage: node bench/instructions.mjs [--jobs N] label=REV:historySize ...");
  process.exit(2);
}
const child = fileURLToPath(new URL("./lib/dispatch-child.mjs", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "isocron-instructions-"));

try {
  for (const spec of args) {
    const [label, rest = ""] = spec.split("=");
    const [rev, history = "20"] = rest.split(":");
    const bundle = await bundleAt(rev, label, scratch);
    const [a, b] = [10, 30].map((batches) => collected(bundle, history, batches));
    console.log(`${label} (${rev}, historySize ${history}): ${Math.round((b - a) / (20 * jobs))} instructions per run`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

/** Instructions valgrind counted in one child run of `batches` batches. */
function collected(bundle, history, batches) {
  const run = spawnSync("valgrind", ["--tool=callgrind", "--callgrind-out-file=/dev/null", process.execPath, "--single-threaded", "--single-threaded-gc", child, bundle, history, String(batches), String(jobs)], { encoding: "utf8" });
  const total = /Collected : (\d+)/.exec(run.stderr ?? "");
  if (run.status !== 0 || total === null) throw new Error(`valgrind failed (apt-get install -y valgrind): ${run.error?.message ?? run.stderr?.slice(-300)}`);
  return Number(total[1]);
}
