// W3: many cron jobs over 1,000 distinct expressions, some in named zones; registration rate,
// heap per job, and the time to ask every job for its next 10 runs.
import { distinctExpressions, expression } from "../lib/expressions.mjs";
import { registerAndStart } from "../lib/measure.mjs";

export async function run({ peerModule, params, progress }) {
  const { jobs } = params;
  const expressions = Array.from({ length: distinctExpressions }, (_, k) => expression(k));
  const task = () => {};
  const peer = await peerModule.createPeer();
  const { handles, registrationMs, registrationPerSec, heapPerJob } = await registerAndStart(peer, jobs, (i) => {
    const { pattern, timeZone } = expressions[i % distinctExpressions];
    return peer.cron(pattern, timeZone, task);
  }, progress);

  const nextRuns = peer.nextRuns ? await timeNextRuns(peer, handles, params.nextRunsBudgetMs ?? 30_000) : null;
  await peer.stop();
  return {
    jobs,
    registrationMs,
    registrationPerSec,
    heapPerJob,
    nextRuns,
  };
}

/**
 * Asks every job for its next 10 runs. Some peers take milliseconds per job, so after
 * `budgetMs` it stops and extrapolates from the jobs done (`jobsAsked` < jobs says so).
 */
async function timeNextRuns(peer, handles, budgetMs) {
  const started = performance.now();
  let runs = 0;
  let asked = 0;
  for (const handle of handles) {
    const got = peer.nextRuns(handle, 10);
    runs += got instanceof Promise ? await got : got;
    asked++;
    if ((asked & 63) === 0 && performance.now() - started > budgetMs) break;
  }
  const ms = performance.now() - started;
  return { ms: (ms * handles.length) / asked, measuredMs: ms, jobsAsked: asked, runs };
}
