import { FakeClock } from "../../src/fake-clock.ts";
import { Scheduler } from "../../src/scheduler.ts";
import type { Monitor } from "../../src/monitor.ts";
import type { Logger, SchedulerOptions } from "../../src/options.ts";

/** 2026-01-01T00:00:00Z: every test's epoch, so instants read as offsets from it. */
export const T0 = Date.UTC(2026, 0, 1);

/** Milliseconds since T0 of a Date (or null). */
export function rel(date: Date | null): number | null {
  return date === null ? null : date.getTime() - T0;
}

export function setup(options: SchedulerOptions = {}): { clock: FakeClock; scheduler: Scheduler } {
  const clock = new FakeClock(T0);
  const scheduler = new Scheduler({ clock, timeZone: "UTC", ...options });
  return { clock, scheduler };
}

/** A promise with its resolve exposed, to hold a task open. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** A monitor that records every hook call as "hook:jobName[:extra]". */
export function recordingMonitor(): { monitor: Monitor; events: string[] } {
  const events: string[] = [];
  const monitor: Monitor = {
    jobRegistered: (j) => events.push(`registered:${j.name}`),
    jobUnregistered: (j) => events.push(`unregistered:${j.name}`),
    jobStarted: (j, i) => events.push(`started:${j.name}:${i.scheduledAt.getTime() - T0}:${i.delayMs}`),
    jobCompleted: (j, r) => events.push(`completed:${j.name}:${r.durationMs}`),
    jobFailed: (j, e, r) => events.push(`failed:${j.name}:${(e as Error).message}:${r.durationMs}`),
    jobSkipped: (j, reason, i) => events.push(`skipped:${j.name}:${reason}:${i.scheduledAt.getTime() - T0}`),
    concurrencyLimitReached: (j, mode) => events.push(`limit:${j.name}:${mode}`),
    schedulerStarted: () => events.push("schedulerStarted"),
    schedulerStopped: () => events.push("schedulerStopped"),
    schedulerShutdown: () => events.push("schedulerShutdown"),
  };
  return { monitor, events };
}

/** Runs `fn`, expecting a SchedulerError with `code`; returns its message. */
export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code ?? `not a SchedulerError: ${String(error)}`;
  }
  return "did not throw";
}

/** A logger that keeps every line as "<level> <message>", for exact assertions on what was logged. */
export function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (message: string): void => void lines.push(`${level} ${message}`);
  return { lines, logger: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") } };
}

/** A logger that keeps only the error messages (other levels are dropped). */
export function errorLogger(): { logger: Logger; errors: string[] } {
  const errors: string[] = [];
  return { errors, logger: { debug() {}, info() {}, warn() {}, error: (m: string) => void errors.push(m) } };
}
