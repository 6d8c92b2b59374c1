// One conformance file for every server runtime: `node`, `deno run -A` and `bun` run it
// unchanged against the BUILT package (dist/index.js, so run `npm run build` first) and print
// their pass/fail counts. Timing checks use the FakeClock and exact instants; one short run
// uses the runtime's real timers. admin.mjs serves the dashboard (dist/hono.js) from the
// runtime's own server, as the examples in admin/ do.
import * as isocron from "../../dist/index.js";
import { assert, run, runtime, test } from "./harness.mjs";

const {
  Scheduler, FakeClock, SchedulerError, atTime, cronJob, dailyJob, durationJob, monthlyJob, oneTimeJob, weeklyJob,
} = isocron;

const iso = (ms) => new Date(ms).toISOString();
const Z = (text) => Date.parse(text);

/** A scheduler on a FakeClock in `timeZone`, with the scheduled instants of each run kept. */
function fake(start, options = {}) {
  const clock = new FakeClock(Z(start));
  const scheduler = new Scheduler({ clock, timeZone: "UTC", ...options });
  const runs = [];
  const record = (ctx) => void runs.push(iso(ctx.scheduledAt.getTime()));
  return { clock, scheduler, runs, record };
}

/** A task body that takes `ms` of fake time, or ends early when shutdown aborts it. */
function busy(clock, ctx, ms) {
  return new Promise((resolve) => {
    clock.setTimer(resolve, ms);
    ctx.signal.addEventListener("abort", resolve);
  });
}

test("the package resolves by name to the built module (exports map)", async () => {
  const byName = await import("isocron");
  assert.equal(byName.Scheduler, Scheduler, "import('isocron').Scheduler");
  const webLocks = await import("isocron/web-locks");
  assert.equal(typeof webLocks.WebLocksElector, "function");
});

test("cron: exact instants in UTC", async () => {
  const { clock, scheduler, runs, record } = fake("2026-01-01T00:07:00Z");
  const job = scheduler.newJob(cronJob("*/15 * * * *"), record, { name: "quarter" });
  scheduler.start();
  assert.deepEqual(job.nextRuns(3).map((d) => d.toISOString()), [
    "2026-01-01T00:15:00.000Z", "2026-01-01T00:30:00.000Z", "2026-01-01T00:45:00.000Z",
  ]);
  await clock.advance(40 * 60_000);
  assert.deepEqual(runs, ["2026-01-01T00:15:00.000Z", "2026-01-01T00:30:00.000Z", "2026-01-01T00:45:00.000Z"]);
  await scheduler.shutdown();
});

test("cron: seconds field and a CRON_TZ prefix", async () => {
  const { scheduler } = fake("2026-07-01T00:00:00Z");
  const a = scheduler.newJob(cronJob("*/20 * * * * *", { withSeconds: true }), () => {});
  const b = scheduler.newJob(cronJob("CRON_TZ=Asia/Tokyo 0 9 * * *"), () => {});
  scheduler.start();
  assert.deepEqual(a.nextRuns(2).map((d) => d.toISOString()), ["2026-07-01T00:00:20.000Z", "2026-07-01T00:00:40.000Z"]);
  // 09:00 in Tokyo (UTC+9, no DST) is 00:00Z; the first one strictly after the start is the next day's.
  assert.deepEqual(b.nextRuns(2).map((d) => d.toISOString()), ["2026-07-02T00:00:00.000Z", "2026-07-03T00:00:00.000Z"]);
  await scheduler.shutdown();
});

test("daily: wall-clock times across a DST change (Europe/Berlin)", async () => {
  const { scheduler } = fake("2026-03-27T12:00:00Z", { timeZone: "Europe/Berlin" });
  const job = scheduler.newJob(dailyJob(1, [atTime(9, 30)]), () => {});
  scheduler.start();
  // 09:30 CET is 08:30Z; from 29 March (CEST) it is 07:30Z.
  assert.deepEqual(job.nextRuns(4).map((d) => d.toISOString()), [
    "2026-03-28T08:30:00.000Z", "2026-03-29T07:30:00.000Z", "2026-03-30T07:30:00.000Z", "2026-03-31T07:30:00.000Z",
  ]);
  await scheduler.shutdown();
});

test("daily: a time inside the spring-forward gap shifts to the end of the gap", async () => {
  const { scheduler } = fake("2026-03-28T12:00:00Z", { timeZone: "Europe/Berlin" });
  const job = scheduler.newJob(dailyJob(1, [atTime(2, 30)]), () => {});
  scheduler.start();
  // 29 March 02:30 does not exist in Berlin (02:00 -> 03:00 CEST = 01:00Z).
  assert.deepEqual(job.nextRuns(2).map((d) => d.toISOString()), ["2026-03-29T01:00:00.000Z", "2026-03-30T00:30:00.000Z"]);
  await scheduler.shutdown();
});

test("weekly and monthly: exact instants", async () => {
  const { scheduler } = fake("2026-01-01T00:00:00Z"); // a Thursday
  const weekly = scheduler.newJob(weeklyJob(1, [1, 5], [atTime(8, 0)]), () => {}); // Monday, Friday
  const monthly = scheduler.newJob(monthlyJob(1, [-1], [atTime(23, 0)]), () => {}); // last day
  scheduler.start();
  assert.deepEqual(weekly.nextRuns(3).map((d) => d.toISOString()), [
    "2026-01-02T08:00:00.000Z", "2026-01-05T08:00:00.000Z", "2026-01-09T08:00:00.000Z",
  ]);
  assert.deepEqual(monthly.nextRuns(3).map((d) => d.toISOString()), [
    "2026-01-31T23:00:00.000Z", "2026-02-28T23:00:00.000Z", "2026-03-31T23:00:00.000Z",
  ]);
  await scheduler.shutdown();
});

test("duration: runs every interval from the start, exactly", async () => {
  const { clock, scheduler, runs, record } = fake("2026-01-01T00:00:00Z");
  scheduler.newJob(durationJob(1_500), record);
  scheduler.start();
  await clock.advance(5_000);
  assert.deepEqual(runs, ["2026-01-01T00:00:01.500Z", "2026-01-01T00:00:03.000Z", "2026-01-01T00:00:04.500Z"]);
  assert.equal(clock.pendingTimers(), 1, "one timer armed");
  await scheduler.shutdown();
});

test("one-time: runs once at its instant, then leaves the scheduler", async () => {
  const { clock, scheduler, runs, record } = fake("2026-01-01T00:00:00Z");
  const job = scheduler.newJob(oneTimeJob(new Date(Z("2026-01-01T00:00:02Z"))), record);
  scheduler.start();
  await clock.advance(10_000);
  assert.deepEqual(runs, ["2026-01-01T00:00:02.000Z"]);
  assert.equal(scheduler.jobs().includes(job), false, "removed after its run");
  await scheduler.shutdown();
});

test("singleton: an overlapping run is skipped, not queued", async () => {
  const { clock, scheduler, runs } = fake("2026-01-01T00:00:00Z");
  scheduler.newJob(
    durationJob(1_000),
    (ctx) => {
      runs.push(iso(ctx.scheduledAt.getTime()));
      return busy(clock, ctx, 2_500);
    },
    { singletonMode: "reschedule", name: "slow" },
  );
  scheduler.start();
  await clock.advance(5_000);
  // 1 s runs until 3.5 s (2 s and 3 s skipped); 4 s runs until 6.5 s (5 s skipped).
  assert.deepEqual(runs, ["2026-01-01T00:00:01.000Z", "2026-01-01T00:00:04.000Z"]);
  await scheduler.shutdown();
});

test("singleton skips are reported to the monitor with reason \"singleton\"", async () => {
  const clock = new FakeClock(Z("2026-01-01T00:00:00Z"));
  const skips = [];
  const scheduler = new Scheduler({
    clock,
    monitor: { jobSkipped: (job, reason, info) => skips.push(`${job.name} ${reason} ${iso(info.scheduledAt.getTime())}`) },
  });
  scheduler.newJob(durationJob(1_000), (ctx) => busy(clock, ctx, 1_500), {
    singletonMode: "reschedule",
    name: "slow",
  });
  scheduler.start();
  await clock.advance(3_000);
  assert.deepEqual(skips, ["slow singleton 2026-01-01T00:00:02.000Z"]);
  await scheduler.shutdown();
});

test("tick(now) runs what is due without start(), for hosts without timers", async () => {
  const { scheduler, runs, record } = fake("2026-01-01T00:00:00Z");
  scheduler.newJob(cronJob("* * * * *"), record);
  const next = await scheduler.tick(Z("2026-01-01T00:00:30Z"));
  assert.equal(next?.toISOString(), "2026-01-01T00:01:00.000Z");
  assert.deepEqual(runs, []);
  const after = await scheduler.tick(Z("2026-01-01T00:01:00Z"));
  assert.deepEqual(runs, ["2026-01-01T00:01:00.000Z"]);
  assert.equal(after?.toISOString(), "2026-01-01T00:02:00.000Z");
  await scheduler.shutdown();
});

test("an elector that says no stops every run", async () => {
  const { clock, scheduler, runs, record } = fake("2026-01-01T00:00:00Z", {
    elector: { isLeader: async () => false },
  });
  scheduler.newJob(durationJob(1_000), record);
  scheduler.start();
  await clock.advance(3_000);
  assert.deepEqual(runs, []);
  await scheduler.shutdown();
});

test("error codes: bad input is refused when the job is created", async () => {
  const scheduler = new Scheduler();
  const error = await assert.throwsCode(() => durationJob(0), "DurationJobIntervalZero");
  assert.ok(error instanceof SchedulerError && error instanceof Error, "a SchedulerError");
  assert.equal(error.name, "SchedulerError");
  await assert.throwsCode(() => durationJob(-5), "DurationJobIntervalNegative");
  await assert.throwsCode(() => cronJob("61 * * * *"), "CronJobParse");
  await assert.throwsCode(() => dailyJob(1, [atTime(25, 0)]), "DailyJobHours");
  await assert.throwsCode(() => weeklyJob(0, [1], [atTime(8, 0)]), "WeeklyJobZeroInterval");
  await assert.throwsCode(() => scheduler.newJob(durationJob(1_000), "not a function"), "NewJobTaskNotFunc");
  await assert.throwsCode(() => scheduler.newJob(durationJob(1_000), () => {}, { name: "" }), "WithNameEmpty");
  await assert.throwsCode(() => scheduler.removeJob("00000000-0000-4000-8000-000000000000"), "JobNotFound");
  await assert.throwsCode(() => new Scheduler({ timeZone: "Mars/Olympus" }), "WithLocationInvalid");
  await scheduler.shutdown();
  await assert.throwsCode(() => scheduler.newJob(durationJob(1_000), () => {}), "SchedulerShutdown");
});

test("a task that throws never stops the scheduler", async () => {
  const { clock, scheduler, runs } = fake("2026-01-01T00:00:00Z");
  const failures = [];
  scheduler.newJob(
    durationJob(1_000),
    (ctx) => {
      runs.push(iso(ctx.scheduledAt.getTime()));
      throw new Error("boom");
    },
    { on: { afterRunError: (_job, error) => failures.push(error.message) } },
  );
  scheduler.start();
  await clock.advance(3_000);
  assert.equal(runs.length, 3);
  assert.deepEqual(failures, ["boom", "boom", "boom"]);
  await scheduler.shutdown();
});

test("real timers: a 100 ms job on the runtime's own clock", async () => {
  const scheduler = new Scheduler();
  const runs = [];
  const t0 = Date.now();
  scheduler.newJob(durationJob(100), (ctx) => void runs.push({ at: ctx.scheduledAt.getTime(), late: Date.now() - ctx.scheduledAt.getTime() }));
  scheduler.start();
  await new Promise((resolve) => setTimeout(resolve, 560));
  await scheduler.shutdown();
  assert.ok(runs.length >= 4 && runs.length <= 6, `4 to 6 runs in 560 ms, got ${runs.length}`);
  assert.ok(runs[0].at - t0 >= 100 && runs[0].at - t0 < 150, `first run 100 ms after start, got ${runs[0].at - t0}`);
  assert.deepEqual(runs.slice(1).map((r, i) => r.at - runs[i].at), runs.slice(1).map(() => 100), "steps");
  assert.ok(Math.max(...runs.map((r) => r.late)) < 300, "no run 300 ms late");
});

test("real timers: a timed-out attempt is retried, the retry succeeds (timeoutMs + retry)", async () => {
  const scheduler = new Scheduler({ instanceId: `conformance-${runtime}` });
  const attempts = [];
  let reason;
  const job = scheduler.newJob(durationJob(100), (ctx) => {
    attempts.push({ attempt: ctx.attempt, runId: ctx.runId, at: Date.now() });
    if (ctx.attempt > 1) return undefined;
    // The first attempt honours its signal: it ends only when the timeout aborts it.
    return new Promise((_resolve, reject) => ctx.signal.addEventListener("abort", () => reject((reason = ctx.signal.reason))));
  }, { name: "flaky", limitedRuns: 1, timeoutMs: 50, retry: { attempts: 2, delayMs: 30, jitter: false } });
  scheduler.start();
  await new Promise((resolve) => setTimeout(resolve, 600));
  const history = job.history();
  await scheduler.shutdown();
  assert.deepEqual(attempts.map((a) => a.attempt), [1, 2], "attempts");
  assert.equal(attempts[0].runId, attempts[1].runId, "one runId for both attempts");
  assert.equal(reason?.code, "JobTimedOut", "the first attempt's signal reason");
  const gap = attempts[1].at - attempts[0].at;
  assert.ok(gap >= 78 && gap < 400, `the retry starts 50 ms (timeout) + 30 ms (delay) after the first attempt, got ${gap}`);
  assert.deepEqual(history.map((h) => [h.outcome, h.attempts, h.runId, h.instanceId]), [["success", 2, attempts[0].runId, `conformance-${runtime}`]]);
});

// The admin dashboard served by this runtime's own server (needs dist/hono.js).
await import("./admin.mjs");

console.log(`isocron conformance on ${runtime}`);
await run();
