import { expect, type Page } from "@playwright/test";

/** What the pages put on `window` (see e2e/pages/). Loosely typed: the specs check the shapes. */
declare global {
  interface Window {
    ready?: boolean;
    lib: Record<string, any>;
    webLocks: Record<string, any>;
    scenarios: Scenarios;
    /** The scheduler a tab scenario left running (not `window.scheduler`: Chromium has its own). */
    jobScheduler?: { shutdown(): Promise<void> };
    runs: any[];
    leaderChanges: { leader: boolean; at: number }[];
    /** The elector-only page (elector.html). */
    WebLocksElector: new (options?: object) => TestElector;
    elector?: TestElector;
    changes?: boolean[];
  }
}

export interface TestElector {
  isLeader(): Promise<boolean>;
  stop(): Promise<void>;
}

/** The scenarios of e2e/pages/scenarios.js. */
export interface Scenarios {
  basic(lib: unknown): Promise<BasicResult>;
  errors(lib: unknown): string[];
  joinGroup(lib: unknown, webLocks: unknown, lockName: string): void;
  sleepAndWake(lib: unknown, eventName: string): Promise<Record<"before" | "asleep" | "woken" | "again" | "after", SleepStep>>;
  startStalled(lib: unknown, missedRuns: "skip" | "once"): void;
  timeoutRetry(lib: unknown): Promise<TimeoutRetryResult>;
}

export interface SleepStep {
  now: string;
  runs: { once: string[]; skip: string[] };
  next: { once: string | null; skip: string | null };
  timers: number;
}

/** Opens a page of e2e/pages/ and waits until its library is loaded. */
export async function open(page: Page, path: string): Promise<void> {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(path);
  await page.waitForFunction(() => window.ready === true, null, { timeout: 5_000 }).catch(() => undefined);
  expect(errors, `page errors on ${path}`).toEqual([]);
  expect(await page.evaluate(() => window.ready)).toBe(true);
}

export interface BasicResult {
  t0: number;
  stoppedAt: number;
  runs: Record<"cron" | "duration" | "once", { at: number; late: number }[]>;
  onceLeft: boolean;
}

/** The `basic` scenario's runs: on the right instants, each once, none badly late. */
export function expectBasicRuns(result: BasicResult): void {
  const { t0, stoppedAt, runs } = result;
  const ats = (list: { at: number }[]) => list.map((r) => r.at);
  const steps = (list: number[]) => list.slice(1).map((at, i) => at - list[i]!);

  // Cron, every second: every whole second inside the window, in order, once each.
  const cron = ats(runs.cron);
  expect(cron.length).toBeGreaterThanOrEqual(2);
  expect(cron.every((at) => at % 1000 === 0)).toBe(true);
  expect(steps(cron).every((d) => d === 1000)).toBe(true);
  expect(cron[0]).toBe(Math.ceil((t0 + 1) / 1000) * 1000);
  expect(cron.at(-1)!).toBeGreaterThan(stoppedAt - 1_500);

  // Duration, 250 ms: exact steps, none skipped.
  const duration = ats(runs.duration);
  expect(duration.length).toBeGreaterThanOrEqual(7);
  expect(duration.length).toBeLessThanOrEqual(9);
  expect(steps(duration).every((d) => d === 250)).toBe(true);
  // Phased from when the job was registered, a few ms after t0.
  expect(duration[0]! - t0).toBeGreaterThanOrEqual(250);
  expect(duration[0]! - t0).toBeLessThan(300);

  // One-time: once, at its instant, then gone from the scheduler.
  expect(ats(runs.once)).toEqual([t0 + 400]);
  expect(result.onceLeft).toBe(false);

  // Real timers on a shared machine: generous, but a run that is seconds late is a bug.
  const late = [...runs.cron, ...runs.duration, ...runs.once].map((r) => r.late);
  expect(Math.min(...late)).toBeGreaterThanOrEqual(0);
  expect(Math.max(...late)).toBeLessThan(500);
}

export interface TimeoutRetryResult {
  startAt: number;
  timeoutMs: number;
  delayMs: number;
  attempts: { attempt: number; runId: string; scheduledAt: number; at: number }[];
  firstSignal: { aborted: boolean; isSchedulerError: boolean; code: string | null; at: number } | null;
  hooks: { afterRun: number; afterRunError: string[] };
  monitor: { retrying: { code: string | null; scheduledAt: number; attempt: number; delayMs: number }[]; paused: number; resumed: number };
  history: Record<string, unknown>[];
  nextAfterRun: number | null;
  paused: { isPaused: boolean; next: unknown; nextRuns: number };
  resumed: { isPaused: boolean; next: number | null; from: number; to: number };
}

/**
 * The `timeoutRetry` scenario: exact ids, instants, counts and codes; times only from below
 * (a timer never fires early, give or take the clock's millisecond), and seconds above.
 */
export function expectTimeoutRetry(result: TimeoutRetryResult): void {
  const { startAt, timeoutMs, delayMs, attempts, firstSignal, history } = result;
  const runId = `flaky@${startAt}`;

  // One occurrence, two attempts, both with the occurrence's runId and scheduledAt.
  expect(attempts.map((a) => [a.attempt, a.runId, a.scheduledAt])).toEqual([
    [1, runId, startAt],
    [2, runId, startAt],
  ]);
  expect(attempts[0]!.at).toBeGreaterThanOrEqual(startAt);
  expect(attempts[0]!.at - startAt).toBeLessThan(3_000);

  // The first attempt's signal aborted with the timeout's coded SchedulerError, at its timeout.
  expect(firstSignal).toMatchObject({ aborted: true, isSchedulerError: true, code: "JobTimedOut" });
  expect(firstSignal!.at - attempts[0]!.at).toBeGreaterThanOrEqual(timeoutMs - 2);
  expect(firstSignal!.at - attempts[0]!.at).toBeLessThan(3_000);
  // The retry waits its fixed delay (no jitter) after the timeout.
  const gap = attempts[1]!.at - attempts[0]!.at;
  expect(gap).toBeGreaterThanOrEqual(timeoutMs + delayMs - 2);
  expect(gap).toBeLessThan(5_000);
  expect(result.monitor.retrying).toEqual([{ code: "JobTimedOut", scheduledAt: startAt, attempt: 2, delayMs }]);

  // The occurrence succeeded: afterRun once, afterRunError never.
  expect(result.hooks).toEqual({ afterRun: 1, afterRunError: [] });

  // History: one plain record for the occurrence, a success in 2 attempts.
  expect(history).toHaveLength(1);
  const record = history[0]!;
  expect(record).toMatchObject({ runId, scheduledAt: startAt, outcome: "success", attempts: 2, instanceId: "chromium" });
  expect(record).not.toHaveProperty("error");
  expect(record).not.toHaveProperty("skipReason");
  const { startedAt, endedAt, durationMs } = record as { startedAt: number; endedAt: number; durationMs: number };
  expect(durationMs).toBe(endedAt - startedAt);
  expect(startedAt).toBeGreaterThanOrEqual(startAt);
  expect(durationMs).toBeGreaterThanOrEqual(timeoutMs + delayMs - 2);
  expect(durationMs).toBeLessThan(5_000);

  // The next occurrence is one interval after this one.
  expect(result.nextAfterRun).toBe(startAt + 60_000);

  // Paused: no next run; resumed: the next run is after now, within one interval.
  expect(result.paused).toEqual({ isPaused: true, next: null, nextRuns: 0 });
  expect(result.resumed.isPaused).toBe(false);
  expect(result.resumed.next).not.toBeNull();
  expect(result.resumed.next!).toBeGreaterThan(result.resumed.from);
  expect(result.resumed.next!).toBeLessThanOrEqual(result.resumed.to + 60_000);
  expect([result.monitor.paused, result.monitor.resumed]).toEqual([1, 1]);
}
