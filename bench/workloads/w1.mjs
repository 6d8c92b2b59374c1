// W1: N jobs that each fire every second; runs, lateness and CPU over a measured window.
import { countPairs } from "../lib/stats.mjs";
import { cpuMsSince, cpuPercent, registerAndStart, sleepUntil } from "../lib/measure.mjs";

export async function run({ peerModule, params, progress }) {
  const { jobs, seconds, settleMs = 1500, graceMs = 2000 } = params;
  // Runs are recorded from one second before the window to the end of the grace period.
  const capacity = jobs * (seconds + 4);
  const runs = { count: 0, job: new Int32Array(capacity), start: new Float64Array(capacity), due: new Float64Array(capacity) };
  let overflow = 0;
  let recordFrom = Number.POSITIVE_INFINITY;
  const record = (i, due) => {
    const now = Date.now();
    if (now < recordFrom) return;
    const k = runs.count;
    if (k === capacity) return void overflow++;
    runs.job[k] = i;
    runs.start[k] = now;
    runs.due[k] = due ?? Number.NaN;
    runs.count = k + 1;
  };

  const peer = await peerModule.createPeer();
  const { registrationMs, registrationPerSec, heapPerJob } = await registerAndStart(peer, jobs, (i) => peer.cron("* * * * * *", undefined, (due) => record(i, due)), progress);

  const t0 = Math.ceil((Date.now() + settleMs) / 1000) * 1000;
  const t1 = t0 + seconds * 1000;
  recordFrom = t0 - 1000;
  await sleepUntil(t0);
  const cpu = process.cpuUsage();
  const wall0 = Date.now();
  progress({ phase: "window" });
  await sleepUntil(t1);
  const cpuMs = cpuMsSince(cpu);
  const wallMs = Date.now() - wall0;
  await sleepUntil(t1 + graceMs);
  recordFrom = Number.POSITIVE_INFINITY;
  await peer.stop();

  const base = { jobs, seconds, t0, runs };
  const wall = countPairs({
    ...base,
    secondOf: (k) => Math.floor(runs.start[k] / 1000) * 1000,
    lateOf: (k) => runs.start[k] - Math.floor(runs.start[k] / 1000) * 1000,
  });
  const due =
    peerModule.dueSource === "scheduler"
      ? countPairs({ ...base, secondOf: (k) => runs.due[k], lateOf: (k) => runs.start[k] - runs.due[k] })
      : null;
  return {
    jobs,
    seconds,
    expected: jobs * seconds,
    registrationMs,
    registrationPerSec,
    heapPerJob,
    cpuPercent: cpuPercent(cpuMs, wallMs),
    wall,
    due,
    overflow,
  };
}
