import type { Clock } from "../../src/clock.ts";
import { errorOf } from "../../src/history.ts";
import type { Job } from "../../src/job.ts";
import type { Monitor } from "../../src/monitor.ts";
import type { Scheduler } from "../../src/scheduler.ts";
import { describeSchedule } from "./describe.ts";
import type { AdminEvent, AdminJob, AdminJobDetail, AdminSource } from "./source.ts";

/** How many next runs a job shows. */
const NEXT_RUNS = 5;

const noop = (): void => {};

/** One job as the API shows it, from its handle and its history (newest first). */
function adminJob(job: Job, history = job.history()): AdminJob {
  const runs = history.filter((r) => r.outcome !== "skipped");
  return {
    id: job.id,
    name: job.name,
    tags: job.tags,
    schedule: job.schedule,
    scheduleText: describeSchedule(job.schedule),
    nextRuns: job.nextRuns(NEXT_RUNS).map((d) => d.getTime()),
    // Without history (historySize 0) the job still knows when its last run started.
    lastRun: runs[0]?.startedAt ?? job.lastRun()?.getTime() ?? null,
    lastOutcome: history[0]?.outcome ?? null,
    recentDurationsMs: runs.map((r) => r.durationMs).reverse(),
    running: job.isRunning(),
    paused: job.isPaused(),
  };
}

/**
 * A {@link Scheduler} as an {@link AdminSource}: ids are job ids; events come from a monitor
 * added per subscriber (`scheduler.addMonitor`), so it works on a scheduler built without one.
 * `clock` stamps the events the scheduler does not time (skips, pause, resume, registration,
 * removal). Reads have no side effect: listing computes next runs, it never runs anything.
 */
export function schedulerSource(scheduler: Scheduler, clock: Clock): AdminSource {
  const find = (id: string): Job | undefined => scheduler.jobs().find((job) => job.id === id);
  const act = async (id: string, action: (job: Job) => void): Promise<boolean> => {
    const job = find(id);
    if (job === undefined) return false;
    action(job);
    return true;
  };
  return {
    listJobs: async () => scheduler.jobs().map((job) => adminJob(job)),
    getJob: async (id) => {
      const job = find(id);
      if (job === undefined) return null;
      const history = job.history();
      const detail: AdminJobDetail = { ...adminJob(job, history), history };
      return detail;
    },
    // Not awaited: the run ends in its history and on the event stream. runNow rejects only
    // for a removed job or a shut-down scheduler; the rejection is handled, never unhandled.
    runJob: (id) => act(id, (job) => void job.runNow().catch(noop)),
    pauseJob: (id) => act(id, (job) => job.pause()),
    resumeJob: (id) => act(id, (job) => job.resume()),
    subscribe: (listener) => scheduler.addMonitor(eventMonitor(listener, clock)),
  };
}

/** The monitor that turns the scheduler's hooks into {@link AdminEvent}s. */
function eventMonitor(listener: (event: AdminEvent) => void, clock: Clock): Monitor {
  const base = (job: Job, at: number) => ({ jobId: job.id, name: job.name, at });
  const plain = (type: "paused" | "resumed" | "registered" | "removed") => (job: Job) => listener({ ...base(job, clock.now()), type });
  return {
    jobStarted: (job, info) => listener({
      ...base(job, info.startedAt.getTime()), type: "started", runId: info.runId, scheduledAt: info.scheduledAt.getTime(), attempt: info.attempt,
    }),
    jobCompleted: (job, r) => listener({
      ...base(job, r.startedAt.getTime() + r.durationMs), type: "finished", runId: r.runId, scheduledAt: r.scheduledAt.getTime(), durationMs: r.durationMs,
    }),
    jobFailed: (job, error, r) => listener({
      ...base(job, r.startedAt.getTime() + r.durationMs),
      type: "failed", runId: r.runId, scheduledAt: r.scheduledAt.getTime(), durationMs: r.durationMs, error: errorOf(error),
    }),
    jobSkipped: (job, reason, info) => {
      // Routine on a healthy fleet: every instance but one skips every occurrence.
      if (reason === "locked" || reason === "notLeader") return;
      listener({ ...base(job, clock.now()), type: "skipped", scheduledAt: info.scheduledAt.getTime(), reason });
    },
    jobPaused: plain("paused"),
    jobResumed: plain("resumed"),
    jobRegistered: plain("registered"),
    jobUnregistered: plain("removed"),
  };
}
