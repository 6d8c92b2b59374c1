import type { ScheduleDescription } from "../../src/definitions/definition.ts";
import type { RunOutcome, RunRecord } from "../../src/history.ts";
import type { SkipReason } from "../../src/monitor.ts";

/**
 * One job as the admin API shows it (`GET /api/jobs`): plain JSON, instants as epoch ms so the
 * page formats them in the viewer's own time zone.
 */
export interface AdminJob {
  readonly id: string;
  readonly name: string;
  readonly tags: readonly string[];
  /** The job's `schedule` (the definition as data). */
  readonly schedule: ScheduleDescription;
  /** The schedule in words, written by isocron: e.g. "every weekday at 09:00 (Europe/Berlin)". */
  readonly scheduleText: string;
  /** The next runs (up to 5), epoch ms; empty when the job will not run again. */
  readonly nextRuns: readonly number[];
  /** When the last run started, epoch ms; null before the first. */
  readonly lastRun: number | null;
  /** How the newest run in the job's history ended; null when it has none. */
  readonly lastOutcome: RunOutcome | null;
  /** Durations of the runs in its history, oldest first (skips left out), for a sparkline. */
  readonly recentDurationsMs: readonly number[];
  readonly running: boolean;
  readonly paused: boolean;
}

/** One job with its history, newest first (`GET /api/jobs/:id`). */
export interface AdminJobDetail extends AdminJob {
  readonly history: readonly RunRecord[];
}

/** What every admin event carries: the job, and when the event happened (epoch ms). */
interface AdminEventBase {
  readonly jobId: string;
  readonly name: string;
  readonly at: number;
}

/**
 * One event of `GET /api/events` (sent as an SSE event named by `type`, its data this object as
 * JSON). Routine fleet skips (`locked`, `notLeader`) are not sent.
 */
export type AdminEvent =
  | (AdminEventBase & { readonly type: "started"; readonly runId: string; readonly scheduledAt: number; readonly attempt: number })
  | (AdminEventBase & { readonly type: "finished"; readonly runId: string; readonly scheduledAt: number; readonly durationMs: number })
  | (AdminEventBase & {
      readonly type: "failed";
      readonly runId: string;
      readonly scheduledAt: number;
      readonly durationMs: number;
      readonly error: { readonly name: string; readonly message: string; readonly code?: string };
    })
  | (AdminEventBase & { readonly type: "skipped"; readonly scheduledAt: number; readonly reason: SkipReason })
  | (AdminEventBase & { readonly type: "paused" | "resumed" | "registered" | "removed" });

/**
 * What `adminApp` serves: a `Scheduler` is adapted to it by `adminApp` itself; the Cloudflare
 * host (a Durable Object, reached over RPC) implements it directly. Job ids are the ids the
 * source lists; an unknown id answers null/false (the API's 404).
 */
export interface AdminSource {
  listJobs(): Promise<readonly AdminJob[]>;
  getJob(id: string): Promise<AdminJobDetail | null>;
  /** Starts a run now (`job.runNow()`), not waiting for it to end; false when there is no such job. */
  runJob(id: string): Promise<boolean>;
  pauseJob(id: string): Promise<boolean>;
  resumeJob(id: string): Promise<boolean>;
  /** Calls `listener` for every event from now on; returns the function that stops it. */
  subscribe(listener: (event: AdminEvent) => void): () => void;
}
