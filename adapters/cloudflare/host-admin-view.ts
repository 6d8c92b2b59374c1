import type { Job, JobState, RunRecord } from "../../src/index.ts";
import type { AdminJob, AdminJobDetail } from "../hono/source.ts";
import { describeSchedule } from "../hono/describe.ts";

/** Next runs an admin listing shows per job. */
export const ADMIN_NEXT_RUNS = 5;

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
  const storedNext = stored?.nextRun ?? null;
  const runs = history.filter((run) => run.outcome !== "skipped");
  return {
    id: job.name,
    name: job.name,
    tags: job.tags,
    schedule: job.schedule,
    scheduleText: describeSchedule(job.schedule),
    nextRuns: live ? job.nextRuns(ADMIN_NEXT_RUNS).map((d) => d.getTime()) : storedNext === null || stored?.paused === true ? [] : [storedNext],
    // As isocron/hono shows a Scheduler's jobs: the newest run's start, else what the job knows.
    lastRun: runs[0]?.startedAt ?? (live ? (job.lastRun()?.getTime() ?? null) : (stored?.lastRun ?? null)),
    lastOutcome: history[0]?.outcome ?? null,
    recentDurationsMs: runs.map((run) => run.durationMs).reverse(),
    running: job.isRunning(),
    paused: live ? job.isPaused() : stored?.paused === true,
  };
}

/** {@link adminJob} plus the history. */
export function adminJobDetail(job: Job, facts: JobFacts): AdminJobDetail {
  return { ...adminJob(job, facts), history: [...facts.history] };
}
