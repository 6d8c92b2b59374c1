// Browser scenarios the Playwright specs call with the library object (the `isocron` global
// of the script-tag bundle, or the ES module namespace). A classic script, so it runs beside
// either build unchanged; each scenario returns plain data that the spec asserts on.
"use strict";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

window.scenarios = {
  /**
   * Real timers: a cron job every second, a 250 ms duration job and a one-time job 400 ms
   * out, for ~2.3 s. Returns each run's scheduled instant and lateness.
   */
  async basic(lib) {
    const { Scheduler, cronJob, durationJob, oneTimeJob } = lib;
    const scheduler = new Scheduler();
    const runs = { cron: [], duration: [], once: [] };
    const record = (list) => (ctx) => list.push({ at: ctx.scheduledAt.getTime(), late: Date.now() - ctx.scheduledAt.getTime() });
    const t0 = Date.now();
    scheduler.newJob(cronJob("* * * * * *", { withSeconds: true }), record(runs.cron), { name: "cron" });
    scheduler.newJob(durationJob(250), record(runs.duration), { name: "duration" });
    const once = scheduler.newJob(oneTimeJob(new Date(t0 + 400)), record(runs.once), { name: "once" });
    scheduler.start();
    await sleep(2_300);
    const onceLeft = scheduler.jobs().includes(once);
    await scheduler.shutdown();
    return { t0, stoppedAt: Date.now(), runs, onceLeft };
  },

  /**
   * Real timers, the operations layer: one occurrence whose first attempt honours its signal
   * but is too slow (`timeoutMs`), retried once after a fixed delay, the retry succeeds. Then
   * the job is paused and resumed. Returns what the task, hooks and monitor saw.
   */
  async timeoutRetry(lib) {
    const { Scheduler, SchedulerError, durationJob } = lib;
    const timeoutMs = 80;
    const delayMs = 40;
    const attempts = [];
    const hooks = { afterRun: 0, afterRunError: [] };
    const monitor = { retrying: [], paused: 0, resumed: 0 };
    let firstSignal = null;
    let done;
    const succeeded = new Promise((resolve) => (done = resolve));
    const scheduler = new Scheduler({
      instanceId: "chromium",
      monitor: {
        jobRetrying: (_job, error, info) =>
          monitor.retrying.push({ code: error?.code ?? null, scheduledAt: info.scheduledAt.getTime(), attempt: info.attempt, delayMs: info.delayMs }),
        jobPaused: () => monitor.paused++,
        jobResumed: () => monitor.resumed++,
      },
    });
    // One occurrence at a known instant; the next one is a minute away, far past the scenario.
    const startAt = Date.now() + 100;
    const job = scheduler.newJob(
      durationJob(60_000),
      (ctx) => {
        attempts.push({ attempt: ctx.attempt, runId: ctx.runId, scheduledAt: ctx.scheduledAt.getTime(), at: Date.now() });
        if (ctx.attempt > 1) return undefined;
        return new Promise((_resolve, reject) => {
          ctx.signal.addEventListener("abort", () => {
            const reason = ctx.signal.reason;
            firstSignal = {
              aborted: ctx.signal.aborted,
              isSchedulerError: reason instanceof SchedulerError,
              code: reason?.code ?? null,
              at: Date.now(),
            };
            reject(reason);
          });
        });
      },
      {
        name: "flaky",
        startAt: new Date(startAt),
        timeoutMs,
        retry: { attempts: 2, delayMs, jitter: false },
        on: {
          afterRun: () => {
            hooks.afterRun++;
            done();
          },
          afterRunError: (_job, error) => hooks.afterRunError.push(error?.code ?? String(error)),
        },
      },
    );
    scheduler.start();
    // Wait for the success, but never hang the page: a missing run shows up in the result.
    await Promise.race([succeeded, sleep(10_000)]);
    await sleep(50); // let anything that wrongly follows the success (a third attempt, a hook) show up
    const history = job.history();
    const nextAfterRun = job.nextRun()?.getTime() ?? null;

    job.pause();
    const paused = { isPaused: job.isPaused(), next: job.nextRun(), nextRuns: job.nextRuns(3).length };
    const resumeFrom = Date.now();
    job.resume();
    const resumed = { isPaused: job.isPaused(), next: job.nextRun()?.getTime() ?? null, from: resumeFrom, to: Date.now() };
    await scheduler.shutdown();
    return { startAt, timeoutMs, delayMs, attempts, firstSignal, hooks, monitor, history, nextAfterRun, paused, resumed };
  },

  /** Bad input is refused at `newJob` with a coded SchedulerError. */
  errors(lib) {
    const { Scheduler, SchedulerError, durationJob, cronJob } = lib;
    const codes = [];
    for (const make of [() => durationJob(0), () => cronJob("not a cron"), () => new Scheduler().newJob(durationJob(1000), "nope")]) {
      try {
        make();
        codes.push("none");
      } catch (error) {
        codes.push(error instanceof SchedulerError ? error.code : `not a SchedulerError: ${error}`);
      }
    }
    return codes;
  },

  /**
   * A tab of a group sharing one Web Lock: every tab runs the same cron job each second
   * behind a WebLocksElector; the runs and leadership changes are kept on `window`.
   */
  joinGroup(lib, webLocks, lockName) {
    const { Scheduler, cronJob } = lib;
    window.runs = [];
    window.leaderChanges = [];
    const elector = new webLocks.WebLocksElector({
      name: lockName,
      onChange: (leader) => window.leaderChanges.push({ leader, at: Date.now() }),
    });
    window.jobScheduler = new Scheduler({ elector });
    window.jobScheduler.newJob(cronJob("* * * * * *", { withSeconds: true }), (ctx) => window.runs.push(ctx.scheduledAt.getTime()), {
      name: "tick",
    });
    window.jobScheduler.start();
  },

  /**
   * A long sleep on a FakeClock: time jumps 42.5 minutes while no timer fires, then the page
   * says it is visible again (or shown from the back-forward cache). Returns the runs and
   * next due instants after each step.
   */
  async sleepAndWake(lib, eventName) {
    const { Scheduler, FakeClock, cronJob, durationJob } = lib;
    const start = Date.UTC(2026, 0, 1, 0, 0, 0);
    const clock = new FakeClock(start);
    const scheduler = new Scheduler({ clock, timeZone: "UTC" });
    const runs = { once: [], skip: [] };
    const record = (list) => (ctx) => list.push(new Date(ctx.scheduledAt).toISOString());
    const once = scheduler.newJob(cronJob("*/5 * * * *"), record(runs.once), { name: "catch-up", missedRuns: "once" });
    const skip = scheduler.newJob(durationJob(60_000), record(runs.skip), { name: "skipper" });
    const view = () => ({
      now: new Date(clock.now()).toISOString(),
      runs: structuredClone(runs),
      next: { once: once.nextRun()?.toISOString() ?? null, skip: skip.nextRun()?.toISOString() ?? null },
      timers: clock.pendingTimers(),
    });
    const steps = {};
    scheduler.start();
    await clock.advance(5 * 60_000);
    steps.before = view();

    // The machine sleeps: the clock jumps, no timer fires (FakeClock.jump).
    clock.jump(start + 47.5 * 60_000);
    await sleep(50);
    steps.asleep = view();

    // The page comes back: the scheduler re-checks on the event alone (real timers settle it).
    dispatchWake(eventName);
    await sleep(50);
    steps.woken = view();

    // A second wake event changes nothing: no pile-up.
    dispatchWake(eventName === "pageshow" ? "visibilitychange" : "pageshow");
    await sleep(50);
    steps.again = view();

    // Re-armed from the clock: the next runs come on time.
    await clock.advance(3 * 60_000);
    steps.after = view();
    await scheduler.shutdown();
    return steps;

    function dispatchWake(name) {
      if (name === "pageshow") window.dispatchEvent(new Event("pageshow"));
      else document.dispatchEvent(new Event("visibilitychange"));
    }
  },

  /**
   * Real timers around a real stall: a job every 200 ms; the spec halts the page's JavaScript
   * (a CDP debugger pause), so every timer is held, then resumes it. Runs are kept on `window`.
   */
  startStalled(lib, missedRuns) {
    const { Scheduler, durationJob } = lib;
    window.runs = [];
    window.jobScheduler = new Scheduler();
    window.jobScheduler.newJob(durationJob(200), (ctx) => window.runs.push({ at: ctx.scheduledAt.getTime(), ran: Date.now() }), {
      name: "stalled",
      missedRuns,
    });
    window.jobScheduler.start();
  },
};
