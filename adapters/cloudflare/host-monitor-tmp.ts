import type { Monitor } from "../../src/index.ts";
import type { AdminEvent } from "../hono/source.ts";

// TEMPORARY until h/admin's Scheduler-to-AdminEvent mapping lands on main.
type Info = { scheduledAt: Date; runId?: string; attempt?: number; durationMs?: number };
export function eventMonitor(emit: (event: AdminEvent) => void): Monitor {
  const base = (job: { id: string; name: string }) => ({ jobId: job.name, name: job.name, at: Date.now() });
  return {
    jobStarted: (job, info) => emit({ ...base(job), type: "started", runId: (info as Info).runId ?? "", scheduledAt: info.scheduledAt.getTime(), attempt: (info as Info).attempt ?? 1 }),
    jobCompleted: (job, r) => emit({ ...base(job), type: "finished", runId: (r as Info).runId ?? "", scheduledAt: r.scheduledAt.getTime(), durationMs: r.durationMs }),
    jobFailed: (job, error, r) => emit({ ...base(job), type: "failed", runId: (r as Info).runId ?? "", scheduledAt: r.scheduledAt.getTime(), durationMs: r.durationMs, error: { name: "Error", message: String((error as Error)?.message) } }),
    jobSkipped: (job, reason, info) => reason === "locked" || reason === "notLeader" ? undefined : emit({ ...base(job), type: "skipped", scheduledAt: info.scheduledAt.getTime(), reason }),
    jobPaused: (job) => emit({ ...base(job), type: "paused" }),
    jobResumed: (job) => emit({ ...base(job), type: "resumed" }),
  };
}

export function both(a: Monitor | undefined, b: Monitor): Monitor {
  if (a === undefined) return b;
  const out: Record<string, unknown> = {};
  for (const hook of ["jobRegistered", "jobUnregistered", "jobStarted", "jobCompleted", "jobFailed", "jobSkipped", "jobRetrying", "jobPaused", "jobResumed", "concurrencyLimitReached", "schedulerStarted", "schedulerStopped", "schedulerShutdown"] as const) {
    out[hook] = (...args: unknown[]) => {
      try { (a[hook] as ((...x: unknown[]) => void) | undefined)?.apply(a, args); } finally { (b[hook] as ((...x: unknown[]) => void) | undefined)?.apply(b, args); }
    };
  }
  return out as Monitor;
}
