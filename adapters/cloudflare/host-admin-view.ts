import type { Job, JobState, RunRecord } from "../../src/index.ts";
import type { AdminJob, AdminJobDetail } from "../hono/source.ts";
import { jobView } from "../hono/job-view.ts";

/** What the host knows of one job besides the job itself. */
export interface JobFacts {
  /** Whether this object instance has ticked, so the live job holds the stored state. */
  readonly live: boolean;
  /** The job's state in storage (from before a restart too). */
  readonly stored: JobState | undefined;
  /** Its history, newest first: the stored runs merged with this instance's. */
  readonly history: readonly RunRecord[];
}

/**
 * One job as the admin API shows it, keyed by its name (a job's `id` is new in every object
 * instance; its name keys the stored state, so links and the page's selection survive a
 * restart). Until the instance has ticked, the instants come from storage: the one stored next
 * run (the live job has none yet), the stored last run and paused flag.
 */
export function adminJob(job: Job, facts: JobFacts): AdminJob {
  const { live, stored, history } = facts;
  if (live) return jobView(job, history, { id: job.name });
  const storedNext = stored?.nextRun ?? null;
  return jobView(job, history, {
    id: job.name,
    nextRuns: storedNext === null || stored?.paused === true ? [] : [storedNext],
    lastRun: stored?.lastRun ?? null,
    paused: stored?.paused === true,
  });
}

/** {@link adminJob} plus the history. */
export function adminJobDetail(job: Job, facts: JobFacts): AdminJobDetail {
  return { ...adminJob(job, facts), history: [...facts.history] };
}
