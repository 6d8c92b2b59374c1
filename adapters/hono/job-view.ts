import type { RunRecord } from "../../src/history.ts";
import type { Job } from "../../src/job.ts";
import { describeSchedule } from "./describe.ts";
import type { AdminJob } from "./source.ts";

/** How many next runs a job shows. */
const NEXT_RUNS = 5;

/** What a source knows of a job that its handle does not; each one left out is read from the handle. */
export interface JobFacts {
  readonly id?: string;
  readonly nextRuns?: number[];
  readonly lastRun?: number | null;
  readonly paused?: boolean;
}

/**
 * One job as the admin API shows it, from its handle and its history (newest first). A
 * Scheduler's source reads everything from the handle; the Cloudflare host passes the stored
 * state its handle does not hold yet after a restart.
 */
export function jobView(job: Job, history: readonly RunRecord[], facts: JobFacts = {}): AdminJob {
  const runs = history.filter((r) => r.outcome !== "skipped");
  return {
    id: facts.id ?? job.id,
    name: job.name,
    tags: job.tags,
    schedule: job.schedule,
    scheduleText: describeSchedule(job.schedule),
    nextRuns: facts.nextRuns ?? job.nextRuns(NEXT_RUNS).map((d) => d.getTime()),
    // The newest run's start; without history (historySize 0) the job still knows its last run.
    lastRun: runs[0]?.startedAt ?? (facts.lastRun !== undefined ? facts.lastRun : (job.lastRun()?.getTime() ?? null)),
    lastOutcome: history[0]?.outcome ?? null,
    recentDurationsMs: runs.map((r) => r.durationMs).reverse(),
    running: job.isRunning(),
    paused: facts.paused ?? job.isPaused(),
  };
}
